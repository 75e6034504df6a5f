/**
 * Oracle for the protobuf decoder's zero-value handling. `kubectl create <generator> --dry-run=client
 * -o json` prints the typed object through Go's encoding/json, so it is the ground truth of which
 * empty fields Kubernetes keeps. The same command against the server sends a protobuf body; what the
 * server answers (dry run) and stores (real create, then get) must keep every field kubectl printed,
 * with the same value, and must not invent zero values kubectl left out. Zero values the server adds
 * itself (defaults) are told apart by creating kubectl's JSON output through a JSON body.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type RunningApiServer } from '../../apiserver/index.ts';
import { decodeProtobufObject, isProtobuf } from '../../apiserver/protobuf/index.ts';
import { Kubectl, pinnedKubectl } from './kubectl-helpers.ts';

const binary = pinnedKubectl('1.32');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every field kubectl printed must be in the server's object with the same value; the server may add
 * fields, inside objects and inside list elements. A null kubectl printed (a nil list, map or pointer
 * without omitempty, a zero time) must be present, with null or with a value the server set.
 */
function compareClientFields(client: Json, server: Json | undefined, path = ''): { compared: number; problems: string[] } {
  const result = { compared: 0, problems: [] as string[] };
  const walk = (c: Json, s: Json | undefined, at: string) => {
    if (s === undefined) { result.compared++; result.problems.push(`${at} missing (kubectl printed ${JSON.stringify(c)})`); return; }
    if (c === null) { result.compared++; return; }
    if (Array.isArray(c)) {
      if (!Array.isArray(s) || s.length !== c.length) { result.compared++; result.problems.push(`${at}: ${JSON.stringify(s)} instead of ${JSON.stringify(c)}`); return; }
      c.forEach((v, i) => walk(v, s[i], `${at}[${i}]`));
      if (!c.length) result.compared++;
      return;
    }
    if (isObject(c)) {
      if (!isObject(s)) { result.compared++; result.problems.push(`${at}: ${JSON.stringify(s)} instead of an object`); return; }
      for (const [key, v] of Object.entries(c)) walk(v, s[key], `${at}.${key}`);
      if (!Object.keys(c).length) result.compared++;
      return;
    }
    result.compared++;
    if (s !== c) result.problems.push(`${at}: ${JSON.stringify(s)} instead of ${JSON.stringify(c)}`);
  };
  walk(client, server, path);
  return result;
}

const isZero = (v: Json) => v === '' || v === 0 || v === false;

/** Paths of zero scalars in `server` that kubectl did not print and the JSON body did not get either. */
function inventedZeros(client: Json | undefined, server: Json, reference: Json | undefined, at = ''): string[] {
  if (Array.isArray(server)) {
    return server.flatMap((v, i) => inventedZeros(Array.isArray(client) ? client[i] : undefined, v, Array.isArray(reference) ? reference[i] : undefined, `${at}[${i}]`));
  }
  if (isObject(server)) {
    return Object.entries(server).flatMap(([key, v]) =>
      inventedZeros(isObject(client) ? client[key] : undefined, v, isObject(reference) ? reference[key] : undefined, `${at}.${key}`));
  }
  return isZero(server) && client === undefined && reference !== server ? [`${at}=${JSON.stringify(server)}`] : [];
}

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * One generator run: the create arguments and how to read the object back; `copy` adjusts the JSON
 * copy where the object holds something only one object may hold.
 */
interface Case { args: string[]; get: [string, string]; needsTls?: boolean; copy?: (obj: any) => void }

const cases: Case[] = [
  { args: ['namespace', 'ns-zero'], get: ['namespace', 'ns-zero'] },
  { args: ['configmap', 'cm-zero', '--from-literal=empty=', '--from-literal=a=b'], get: ['configmap', 'cm-zero'] },
  { args: ['secret', 'generic', 'sec-zero', '--from-literal=empty=', '--from-literal=a=b'], get: ['secret', 'sec-zero'] },
  { args: ['secret', 'docker-registry', 'sec-reg', '--docker-username=u', '--docker-password=p', '--docker-server=r.example'], get: ['secret', 'sec-reg'] },
  { args: ['secret', 'tls', 'sec-tls', '--cert=CERT', '--key=KEY'], get: ['secret', 'sec-tls'], needsTls: true },
  { args: ['serviceaccount', 'sa-zero'], get: ['serviceaccount', 'sa-zero'] },
  { args: ['deployment', 'dep-zero', '--image=busybox', '--replicas=0'], get: ['deployment', 'dep-zero'] },
  { args: ['deployment', 'dep-port', '--image=busybox', '--port=8080', '--', 'sleep', '0'], get: ['deployment', 'dep-port'] },
  { args: ['job', 'job-zero', '--image=busybox', '--', 'true'], get: ['job', 'job-zero'] },
  { args: ['cronjob', 'cj-zero', '--image=busybox', '--schedule=*/5 * * * *'], get: ['cronjob', 'cj-zero'] },
  // Read from the server first: the Job copies the CronJob's template and points back at it.
  { args: ['job', 'job-from', '--from=cronjob/cj-zero'], get: ['job', 'job-from'] },
  { args: ['deployment', 'dep-two', '--image=busybox', '--image=nginx'], get: ['deployment', 'dep-two'] },
  { args: ['role', 'role-zero', '--verb=get', '--resource=pods', '--resource-name=a'], get: ['role', 'role-zero'] },
  { args: ['clusterrole', 'cr-zero', '--verb=get', '--non-resource-url=/healthz'], get: ['clusterrole', 'cr-zero'] },
  { args: ['clusterrole', 'cr-agg', '--aggregation-rule=a=b'], get: ['clusterrole', 'cr-agg'] },
  { args: ['rolebinding', 'rb-zero', '--role=role-zero', '--user=u', '--serviceaccount=default:sa-zero'], get: ['rolebinding', 'rb-zero'] },
  { args: ['rolebinding', 'rb-cr', '--clusterrole=cr-zero', '--group=g'], get: ['rolebinding', 'rb-cr'] },
  { args: ['clusterrolebinding', 'crb-zero', '--clusterrole=cr-zero', '--user=u'], get: ['clusterrolebinding', 'crb-zero'] },
  { args: ['priorityclass', 'pc-zero', '--value=0'], get: ['priorityclass', 'pc-zero'] },
  { args: ['priorityclass', 'pc-never', '--value=0', '--preemption-policy=Never', '--description=none'], get: ['priorityclass', 'pc-never'] },
  { args: ['poddisruptionbudget', 'pdb-min', '--selector=a=b', '--min-available=0'], get: ['poddisruptionbudget', 'pdb-min'] },
  { args: ['poddisruptionbudget', 'pdb-max', '--selector=a=b', '--max-unavailable=0'], get: ['poddisruptionbudget', 'pdb-max'] },
  { args: ['quota', 'q-zero', '--hard=pods=0', '--scopes=BestEffort'], get: ['resourcequota', 'q-zero'] },
  { args: ['quota', 'q-compute', '--hard=cpu=0,memory=0,requests.storage=1Gi'], get: ['resourcequota', 'q-compute'] },
  { args: ['service', 'clusterip', 'svc-ip', '--tcp=80:80'], get: ['service', 'svc-ip'] },
  { args: ['service', 'clusterip', 'svc-headless', '--clusterip=None'], get: ['service', 'svc-headless'] },
  { args: ['service', 'nodeport', 'svc-np', '--tcp=80:8080'], get: ['service', 'svc-np'] },
  // A node port belongs to one service: the JSON copy asks for another one.
  { args: ['service', 'nodeport', 'svc-np-fixed', '--tcp=80:8080', '--node-port=30080'], get: ['service', 'svc-np-fixed'], copy: (svc) => { svc.spec.ports[0].nodePort = 30081; } },
  { args: ['service', 'loadbalancer', 'svc-lb', '--tcp=80:80'], get: ['service', 'svc-lb'] },
  { args: ['service', 'externalname', 'svc-ext', '--external-name=example.com'], get: ['service', 'svc-ext'] },
  { args: ['ingress', 'ing-zero', '--rule=foo.example/bar=svc:80'], get: ['ingress', 'ing-zero'] },
  { args: ['ingress', 'ing-def', '--default-backend=svc:http', '--rule=foo.example/*=svc:http,tls'], get: ['ingress', 'ing-def'] },
  { args: ['ingress', 'ing-class', '--class=', '--annotation=empty=', '--rule=/path=svc:http'], get: ['ingress', 'ing-class'] },
];

/**
 * A server that records the body of every POST and refuses the call; reads (discovery, which
 * `create role` needs to resolve resources) are passed to the real server.
 */
async function recordingServer(api: RunningApiServer): Promise<{ server: http.Server; port: number; bodies: { contentType?: string; body: Buffer }[] }> {
  const bodies: { contentType?: string; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      const target = new URL(req.url ?? '/', api.url);
      const forward = https.request({
        host: target.hostname, port: target.port, path: target.pathname + target.search, ca: api.caPem,
        headers: { Accept: req.headers.accept ?? 'application/json', Authorization: `Bearer ${api.adminToken}` },
      }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => { res.statusCode = 502; res.end(); });
      forward.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') bodies.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks) });
      res.setHeader('Content-Type', 'application/json');
      res.statusCode = 403;
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'recorded', reason: 'Forbidden', code: 403 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, bodies };
}

describe('protobuf bodies keep the zero values kubectl 1.32 prints', { skip: binary ? false : 'kubectl.1.32 is not installed' }, () => {
  let api: RunningApiServer;
  let k: Kubectl;
  let recorder: Awaited<ReturnType<typeof recordingServer>>;
  let recorded: Kubectl;
  let tls: { cert: string; key: string } | undefined;
  const coverage = { commands: 0, fields: 0 };

  before(async () => {
    api = await startApiServer();
    k = new Kubectl(binary!, api.kubeconfigPath);
    recorder = await recordingServer(api);
    const kubeconfig = join(k.home, 'recorder.kubeconfig');
    writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config',
      `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${recorder.port}"}}]`,
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]',
      'current-context: x', '',
    ].join('\n'));
    recorded = new Kubectl(binary!, kubeconfig);
    if (hasOpenssl()) {
      tls = { cert: join(k.home, 'tls.crt'), key: join(k.home, 'tls.key') };
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', tls.key, '-out', tls.cert, '-subj', '/CN=zero.example', '-days', '1'], { stdio: 'ignore' });
    }
  });
  after(async () => {
    await api?.stop();
    recorder?.server.close();
    if (coverage.commands) console.log(`protobuf zero-value oracle: ${coverage.commands} commands, ${coverage.fields} client fields compared`);
  });

  for (const c of cases) {
    it(`create ${c.args.filter((a) => !a.startsWith('-')).slice(0, 3).join(' ')}`, async (t) => {
      if (c.needsTls && !tls) return t.skip('openssl is not installed');
      const args = ['create', ...c.args.map((a) => a.replace('CERT', tls?.cert ?? '').replace('KEY', tls?.key ?? ''))];
      // Flags go before a `--` that starts the container command.
      const withFlags = (flags: string[]) => {
        const dash = args.indexOf('--');
        return dash < 0 ? [...args, ...flags] : [...args.slice(0, dash), ...flags, ...args.slice(dash)];
      };
      const clientText = await k.ok(withFlags(['--dry-run=client', '-o', 'json']));
      const client = JSON.parse(clientText) as Json;
      const problems: string[] = [];
      const check = (label: string, server: Json, reference: Json | undefined) => {
        const compared = compareClientFields(client, server);
        coverage.fields += compared.compared;
        const found = [...compared.problems, ...inventedZeros(client, server, reference).map((p) => `zero value neither printed by kubectl nor defaulted by the server: ${p}`)];
        problems.push(...found.map((p) => `${label}: ${p}`));
      };

      // The decoder alone: the body kubectl sends, decoded, against what kubectl prints.
      const from = recorder.bodies.length;
      await recorded.run(args);
      const sent = recorder.bodies.slice(from).find((b) => isProtobuf(b.contentType));
      assert.ok(sent && isProtobuf(sent.contentType), `kubectl sent no protobuf body: ${JSON.stringify(recorder.bodies.slice(from).map((b) => b.contentType))}`);
      check('decoded body', decodeProtobufObject(sent.body) as unknown as Json, undefined);

      // The same object as a JSON body, under another name, tells server behaviour from decoding.
      const jsonCopy = JSON.parse(clientText);
      jsonCopy.metadata.name = `${c.get[1]}-json`;
      c.copy?.(jsonCopy);
      const reference = await k.run(['create', '-f', '-', '--dry-run=server', '-o', 'json'], JSON.stringify(jsonCopy));
      assert.equal(reference.code, 0, `the JSON body is refused: ${reference.stderr.trim()}`);
      const dryRun = JSON.parse(await k.ok(withFlags(['--dry-run=server', '-o', 'json']))) as Json;
      const dryRef = renamed(JSON.parse(reference.stdout), c.get[1]);
      check('dry run', dryRun, dryRef);
      await k.ok(['create', '-f', '-'], JSON.stringify(jsonCopy));
      await k.ok(args);
      const stored = JSON.parse(await k.ok(['get', ...c.get, '-o', 'json'])) as Json;
      const storedRef = renamed(JSON.parse(await k.ok(['get', c.get[0], `${c.get[1]}-json`, '-o', 'json'])), c.get[1]);
      check('stored', stored, storedRef);
      coverage.commands++;
      assert.deepEqual(problems, []);
    });
  }
});

/** The JSON copy under the original name, so that field-by-field comparisons line up. */
function renamed(obj: { metadata: { name: string } }, name: string): Json {
  obj.metadata.name = name;
  return obj as unknown as Json;
}
