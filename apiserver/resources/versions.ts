/** Kubernetes version-name ordering: GA before beta before alpha, higher numbers first. */

function rank(v: string): [number, number, number] | undefined {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return undefined;
  const stability = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
  return [stability, Number(m[1]), Number(m[3] ?? 0)];
}

/** Compares version names by Kubernetes priority; the preferred version sorts first. */
export function compareVersionPriority(a: string, b: string): number {
  const ra = rank(a);
  const rb = rank(b);
  if (!ra && !rb) return a < b ? -1 : a > b ? 1 : 0;
  if (!ra) return 1;
  if (!rb) return -1;
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
  return 0;
}
