/**
 * The state engine's decisions, free of I/O: from component health and the current conditions,
 * derive each component's state, whether to apply, whether to retry, and the conditions to set.
 */
import type { Condition } from '../core/meta.ts';
import type { ConditionInput } from '../helpers/conditions.ts';
import type { EngineError, ErrorCategory } from './errors.ts';
import type { ComponentHealth, ComponentState } from './types.ts';

/** Condition types the engine manages besides `Ready` and `<Component>Ready`. */
export const ConditionTypes = { Ready: 'Ready', AuthValid: 'AuthValid', ConfigValid: 'ConfigValid', DependenciesReachable: 'DependenciesReachable' } as const;

const severity: Record<ComponentState, number> = { Ready: 0, Progressing: 1, Pending: 2, NotAvailable: 3, Degraded: 4, Failed: 5 };

/** The worst of several states (Ready when there are none). */
export function worstState(states: ComponentState[]): ComponentState {
  return states.reduce<ComponentState>((w, s) => (severity[s] > severity[w] ? s : w), 'Ready');
}

/** Inputs of decide. */
export interface DecideInput {
  health: ComponentHealth[];
  conditions: Condition[];
  generation?: number;
  now: Date;
  /** How long infrastructure errors leave components Progressing before Degraded. Default 10 000 ms. */
  gracePeriodMs?: number;
}

/** What the engine should do. */
export interface Decision {
  /** Health with states derived from errors. */
  health: ComponentHealth[];
  /** Whether planned resources may be applied (some components may still be held back). */
  apply: boolean;
  /** Components whose objects are held back by a component-scoped error (see ErrorScope). */
  blockedComponents: string[];
  /** An error to return so the controller retries with backoff. */
  retryError?: EngineError;
  /** Conditions to set. */
  conditions: ConditionInput[];
  /** The overall state (worst component). */
  summary: ComponentState;
}

const blocksApply: ErrorCategory[] = ['Infrastructure', 'Auth', 'InvalidSpec', 'MissingUpstreamDependency'];

function derivedState(h: ComponentHealth, infraSinceMs: number, nowMs: number, graceMs: number): ComponentState {
  switch (h.error!.category) {
    case 'Infrastructure': return nowMs - infraSinceMs < graceMs ? 'Progressing' : 'Degraded';
    case 'Auth':
    case 'InvalidSpec':
    case 'ResourceExhaustion': return 'Failed';
    case 'MissingUpstreamDependency': return h.state === 'Pending' || h.state === 'Degraded' ? h.state : 'Degraded';
    case 'MissingDownstreamDependency': return 'Progressing';
  }
}

function componentCondition(h: ComponentHealth, generation: number | undefined): ConditionInput {
  const status = h.state === 'Ready' ? 'True' : h.state === 'Progressing' || h.state === 'Pending' ? 'Unknown' : 'False';
  return { type: `${h.component}Ready`, status, reason: h.error?.reason ?? h.reason ?? h.state, message: h.error?.message ?? h.message ?? '', observedGeneration: generation };
}

/** Decides what a reconcile does given component health and the current conditions. */
export function decide(input: DecideInput): Decision {
  const { conditions, generation, now } = input;
  const graceMs = input.gracePeriodMs ?? 10_000;
  const errors = input.health.filter((h) => h.error).map((h) => h.error!);
  const byCat = (c: ErrorCategory) => errors.filter((e) => e.category === c);
  const has = (type: string) => conditions.some((c) => c.type === type);
  const reach = conditions.find((c) => c.type === ConditionTypes.DependenciesReachable);
  const infraSince = reach?.status === 'False' ? Date.parse(reach.lastTransitionTime) || now.getTime() : now.getTime();
  const health = input.health.map((h) => (h.error ? { ...h, state: derivedState(h, infraSince, now.getTime(), graceMs) } : h));
  const out: ConditionInput[] = [];
  const set = (type: string, status: Condition['status'], reason: string, message: string) => out.push({ type, status, reason, message, observedGeneration: generation });
  const first = (es: EngineError[]) => es.map((e) => e.message).join('; ');

  const infra = byCat('Infrastructure');
  if (infra.length) set(ConditionTypes.DependenciesReachable, 'False', infra[0]!.reason, first(infra));
  else if (has(ConditionTypes.DependenciesReachable)) set(ConditionTypes.DependenciesReachable, 'True', 'Reachable', 'All dependencies are reachable');

  const auth = byCat('Auth');
  if (auth.length) set(ConditionTypes.AuthValid, 'False', auth[0]!.reason, first(auth));
  else if (has(ConditionTypes.AuthValid)) set(ConditionTypes.AuthValid, 'True', 'AuthenticationValid', 'Authentication is valid');

  const invalid = byCat('InvalidSpec');
  const missing = byCat('MissingUpstreamDependency');
  if (invalid.length) set(ConditionTypes.ConfigValid, 'False', invalid[0]!.reason, first(invalid));
  else if (missing.length) set(ConditionTypes.ConfigValid, 'False', 'ReferenceNotFound', first(missing));
  else if (has(ConditionTypes.ConfigValid)) set(ConditionTypes.ConfigValid, 'True', 'ConfigurationValid', 'Configuration is valid');

  for (const h of health) out.push(componentCondition(h, generation));
  const summary = worstState(health.map((h) => h.state));
  if (summary === 'Ready') set(ConditionTypes.Ready, 'True', 'AllComponentsReady', 'All components are ready');
  else if (summary === 'Progressing' || summary === 'Pending') {
    const waiting = health.filter((h) => h.state !== 'Ready').map((h) => h.component);
    set(ConditionTypes.Ready, 'False', 'Progressing', `Waiting for ${waiting.join(', ')}`);
  } else {
    const bad = health.filter((h) => severity[h.state] >= severity.NotAvailable).map((h) => `${h.component}: ${h.state}`);
    set(ConditionTypes.Ready, 'False', 'ComponentsNotReady', bad.join(', '));
  }
  const blocking = input.health.filter((h) => h.error && blocksApply.includes(h.error.category));
  const scoped = (h: ComponentHealth) => h.error!.scope === 'component';
  const apply = blocking.every(scoped);
  const blockedComponents = apply ? [...new Set(blocking.map((h) => h.error!.component ?? h.component))] : [];
  return { health, apply, blockedComponents, retryError: infra[0], conditions: out, summary };
}
