/**
 * RBAC generation against controller-tools' golden role.yaml and the seed projects' role.yaml
 * files: TypeScript controllers carry the markers in `//` and JSDoc comments, and the output must
 * match byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateRbac, MarkerParseError } from '../../generator/rbac/index.ts';
import { markersInSource } from '../../generator/rbac/commentMarkers.ts';

const SHARED = '/work/shared';
const CONTROLLER_TOOLS_ROLE = join(SHARED, 'conformance/controller-tools/pkg/rbac/testdata/role.yaml');
const SEEDS = join(SHARED, 'reference/seed-crds');

async function withControllers(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tsop-rbac-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), text);
    }
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const lines = (markers: string[], prefix: string): string => markers.map((m) => `${prefix}+kubebuilder:rbac:${m}`).join('\n');

// The markers of controller-tools' rbac testdata, split over files and comment styles.
const CRONJOB_MARKERS = [
  'groups=batch.io,resources=cronjobs,verbs=get;watch;create',
  'groups=batch.io,resources=cronjobs/status,verbs=get;update;patch',
  'groups=art,resources=jobs,verbs=get',
  'groups=wave,resources=jobs,verbs=get,namespace=zoo',
  'groups=batch;batch;batch,resources=jobs/status,verbs=watch',
  'groups=batch;cron,resources=jobs/status,verbs=create;get',
  'groups=art,resources=jobs,verbs=get,namespace=zoo',
  'groups=cron;batch,resources=jobs/status,verbs=get;create',
  'groups=batch,resources=jobs/status,verbs=watch;watch',
  'groups=art,resources=jobs,verbs=get,namespace=park',
  'groups=batch.io,resources=cronjobs,resourceNames=foo;bar;baz,verbs=get;watch',
];
const DEDUP_MARKERS = [
  'groups=deduplicate-verbs,resources=some,verbs=get;list',
  'groups=deduplicate-verbs,resources=some,verbs=get',
  'groups=deduplicate-verbs,resources=some,verbs=list',
  'groups=deduplicate-resources,resources=one,verbs=create',
  'groups=deduplicate-resources,resources=two,verbs=create',
  'groups=deduplicate-resources,resources=three,verbs=create',
  'groups=deduplicate-groups1,resources=foo,verbs=patch',
  'groups=deduplicate-groups2,resources=foo,verbs=patch',
  'groups=deduplicate-groups3,resources=foo,verbs=patch',
  'groups=deduplicate-all,resources=foo;bar,verbs=get;list',
  'groups=deduplicate-all,resources=foo,verbs=get',
  'groups=deduplicate-all,resources=bar,verbs=list',
  'groups=deduplicate-groups4,resources=xyz,verbs=get;update;patch',
  'groups=deduplicate-groups4,resources=xyz,verbs=*',
  'groups=deduplicate-all-group,resources={foo,bar},verbs={get,list}',
  'groups=not-deduplicate-resources,resources=some,verbs=get',
  'groups=not-deduplicate-resources,resources=another,verbs=list',
  'groups=not-deduplicate-groups1,resources=some,verbs=get',
  'groups=not-deduplicate-groups2,resources=some,verbs=list',
  'urls=/url-to-duplicate,verbs=get',
  'urls=/another/url-to-duplicate,verbs=get',
  'groups=core,resources=deduplicate,verbs=list',
  'groups="",resources=me,verbs=list',
  'groups=core;"";some-other-to-deduplicate-with-core,resources=me,verbs=list;get',
  'groups=deduplicate-groups5,resources=abc,verbs=get;update;patch;create,namespace=here',
  'groups=deduplicate-groups5,resources=abc,verbs=*,namespace=here',
];
const ROLE_NAME_MARKERS = [
  'groups=apps,namespace=infrastructure,roleName=infra-deployment-manager,resources=deployments,verbs=get;list;watch;update;patch',
  'groups="",namespace=users,roleName=user-secrets-reader,resources=secrets,verbs=get;list;watch',
  'groups=apps,namespace=infrastructure,roleName=infra-deployment-manager,resources=statefulsets,verbs=get;list',
  'groups=monitoring,namespace=observability,resources=prometheuses,verbs=get;list',
];

test('reproduces controller-tools rbac testdata role.yaml byte for byte', async () => {
  const files = {
    'cronjob/reconciler.ts': `// Permissions of the CronJob reconciler.\n${lines(CRONJOB_MARKERS, '// ')}\n\nexport class CronJobReconciler {}\n`,
    'dedup.ts': `/**\n * Rules that collapse when merged.\n${lines(DEDUP_MARKERS, ' * ')}\n */\nexport const dedup = 1;\n`,
    'nested/deeper/roles.ts': `//${lines(ROLE_NAME_MARKERS.slice(0, 2), '').replaceAll('\n', '\n//')}\n/* ${ROLE_NAME_MARKERS.slice(2).map((m) => `+kubebuilder:rbac:${m}`).join('\n   ')} */\nexport {};\n`,
    'decoys.ts': [
      `const s = "// +kubebuilder:rbac:groups=decoy,resources=strings,verbs=get";`,
      'const t = `/* +kubebuilder:rbac:groups=decoy,resources=templates,verbs=get */ ${s}`;',
      'const r = 4 / 2; const re = /\\/\\/ +kubebuilder:rbac:groups=decoy/;',
      'export { s, t, r, re };',
    ].join('\n'),
  };
  await withControllers(files, async (dir) => {
    const got = await generateRbac(dir);
    assert.equal(got, await readFile(CONTROLLER_TOOLS_ROLE, 'utf8'));
  });
});

// Markers a kubebuilder project of each seed would carry, spread over several controllers with overlaps.
const SEED_MARKERS: Record<string, Record<string, string[]>> = {
  'locust-k8s-operator/head/role.yaml': {
    'locusttest_controller.ts': [
      'groups=locust.io,resources=locusttests,verbs=get;list;watch;update;patch',
      'groups=locust.io,resources=locusttests/status,verbs=get;update;patch',
      'groups=locust.io,resources=locusttests/finalizers,verbs=update',
      'groups=batch,resources=jobs,verbs=get;list;watch;create;delete',
      'groups=core,resources=services,verbs=get;list;watch;create;delete',
      'groups="",resources=events,verbs=create;patch',
    ],
    'pods.ts': ['groups="",resources=pods,verbs=get;list;watch', 'groups=batch,resources=jobs,verbs=get;list'],
  },
  'locust-k8s-operator/phase4-971786b/role.yaml': {
    'locusttest_controller.ts': [
      'groups=locust.io,resources=locusttests,verbs=get;list;watch;create;update;patch;delete',
      'groups=locust.io,resources=locusttests/status,verbs=get;update;patch',
      'groups=locust.io,resources=locusttests/finalizers,verbs=update',
      'groups=batch,resources=jobs,verbs=get;list;watch;create;delete',
      'groups=core,resources=services,verbs=get;list;watch;create;delete',
      'groups=core,resources=events,verbs=create;patch',
    ],
  },
  'aim-engine/role.yaml': {
    'aim/core.ts': [
      'groups=core,resources=events,verbs=create;patch',
      'groups=core,resources=events,verbs=get;list;watch',
      'groups="",resources=namespaces;nodes;pods;secrets,verbs=get;list;watch',
      'groups="",resources=persistentvolumeclaims,verbs=get;list;watch;create;update;patch;delete',
      'groups="",resources=pods/log,verbs=get',
      'groups=coordination.k8s.io,resources=leases,verbs=get;list;watch;create;update;patch;delete',
    ],
    'aim/kinds.ts': ['artifacts', 'clustermodels', 'clustermodelsources', 'clusterruntimeconfigs', 'clusterservicetemplates', 'models', 'runtimeconfigs', 'services', 'servicetemplates', 'templatecaches'].flatMap((k) => [
      `groups=aim.eai.amd.com,resources=aim${k},verbs=get;list;watch;create;update;patch;delete`,
      `groups=aim.eai.amd.com,resources=aim${k}/status,verbs=get;update;patch`,
      `groups=aim.eai.amd.com,resources=aim${k}/finalizers,verbs=update`,
    ]),
    'aim/integrations.ts': [
      'groups=autoscaling,resources=horizontalpodautoscalers,verbs=get;list;watch',
      'groups=batch,resources=jobs,verbs=get;list;watch;create;update;patch;delete',
      'groups=gateway.networking.k8s.io,resources=httproutes,verbs=get;list;watch;create;update;patch;delete',
      'groups=rbac.authorization.k8s.io,resources=clusterroles,resourceNames=artifact-status-updater,verbs=bind',
      'groups=rbac.authorization.k8s.io,resources=rolebindings,verbs=get;list;watch;create;update;patch',
      'groups=serving.kserve.io,resources=inferenceservices;servingruntimes,verbs=get;list;watch;create;update;patch;delete',
      'groups=serving.kserve.io,resources=clusterservingruntimes,verbs=get;list;watch;create;update;patch;delete',
      'groups=storage.k8s.io,resources=storageclasses,verbs=get;list;watch',
    ],
  },
};

for (const [seed, files] of Object.entries(SEED_MARKERS)) {
  test(`reproduces seed ${seed} byte for byte`, async () => {
    const sources = Object.fromEntries(Object.entries(files).map(([f, ms]) => [f, `${lines(ms, '// ')}\nexport {};\n`]));
    await withControllers(sources, async (dir) => {
      assert.equal(await generateRbac(dir), await readFile(join(SEEDS, seed), 'utf8'));
    });
  });
}

test('no markers gives undefined', async () => {
  await withControllers({ 'a.ts': '// nothing here\nexport const x = "+kubebuilder:rbac:verbs=get";\n' }, async (dir) => {
    assert.equal(await generateRbac(dir), undefined);
  });
});

test('a marker without verbs is an error naming the file and line', async () => {
  await withControllers({ 'bad.ts': 'export {};\n\n// +kubebuilder:rbac:groups=apps,resources=deployments\n' }, async (dir) => {
    await assert.rejects(generateRbac(dir), (err: unknown) => err instanceof MarkerParseError && /missing argument "verbs".*bad\.ts:3/.test(err.message));
  });
});

test('JSDoc gutters and block comments both yield marker text', () => {
  const src = '/**\n * +kubebuilder:rbac:groups=a,resources=b,verbs=get\n */\n/* +kubebuilder:rbac:groups=c,verbs=list */\n';
  assert.deepEqual(markersInSource(src, 'kubebuilder:rbac').map((m) => [m.text, m.line]), [
    ['+kubebuilder:rbac:groups=a,resources=b,verbs=get', 2],
    ['+kubebuilder:rbac:groups=c,verbs=list', 4],
  ]);
});
