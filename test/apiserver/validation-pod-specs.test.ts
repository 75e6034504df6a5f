/**
 * Pod specs beyond their containers are refused with the causes a Kubernetes 1.32 cluster
 * answers: volumes and their sources, scheduling (node selectors, tolerations, affinity, spread
 * constraints), identity and DNS fields, security contexts, operating systems, pod annotations,
 * and workloads' pod templates with their own paths. Everything goes through the real server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePodSpec } from '../../apiserver/validation/builtin/pods.ts';
import { raw } from './helpers.ts';
import { assertCauses, ctr, DNS_LABEL, LABEL_VALUE, NAME_PART, podSuite, SUBDOMAIN, type Obj } from './validation-pods-helpers.ts';

const NS = 'pod-specs';
let counter = 0;

describe('pod specs are validated as Kubernetes 1.32 validates them', () => {
  const { api, pods } = podSuite(NS);

  it('volumes: unique DNS-label names, one source each, and the fields of common sources', async () => {
    await pods.refused({
      containers: [ctr()],
      volumes: [
        { name: 'Data', emptyDir: {} }, { name: 'a', emptyDir: { sizeLimit: '-1Gi' } }, { name: 'a', emptyDir: {} },
        { name: 'two', configMap: { name: 'cm' }, secret: { secretName: 's' } },
        { name: 'cm', configMap: { defaultMode: 0o1000, items: [{ path: '/etc/x' }, { key: 'k', path: '..data' }] } },
        { name: 'sec', secret: {} }, { name: 'host', hostPath: { path: '/x/../y', type: 'Folder' } }, { name: 'nohost', hostPath: {} },
        { name: 'down', downwardAPI: { items: [{ path: 'a' }, { path: 'b', fieldRef: { fieldPath: 'spec.nodeName' } }] } },
        { name: 'proj', projected: { sources: [{ configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] }, secret: { name: 's', items: [{ key: 'k', path: 'p' }] } }, { serviceAccountToken: { path: 't', expirationSeconds: 60 } }] } },
      ],
    }, [
      `spec.volumes[0].name: Invalid value: "Data": ${DNS_LABEL}`,
      'spec.volumes[1].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity',
      'spec.volumes[3].configMap: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[4].configMap.name: Required value',
      'spec.volumes[4].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive',
      'spec.volumes[4].configMap.items[0].key: Required value',
      'spec.volumes[4].configMap.items[0].path: Invalid value: "/etc/x": must be a relative path',
      `spec.volumes[4].configMap.items[1].path: Invalid value: "..data": must not start with '..'`,
      'spec.volumes[5].secret.secretName: Required value',
      `spec.volumes[6].hostPath.path: Invalid value: "/x/../y": must not contain '..'`,
      'spec.volumes[6].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
      'spec.volumes[7].hostPath.path: Required value',
      'spec.volumes[8].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required',
      'spec.volumes[8].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
      'spec.volumes[9].projected: Invalid value: "c": conflicting duplicate paths',
      'spec.volumes[9].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source',
      'spec.volumes[9].projected.sources[1].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    ]);
    const scratch = { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } };
    await pods.refused({ containers: [ctr()], volumes: [scratch, { name: 'claim', persistentVolumeClaim: { claimName: 'eph-scratch' } }, { name: 'empty', ephemeral: {} }] }, [
      'spec.volumes[1].persistentVolumeClaim.claimName: Invalid value: "eph-scratch": must not reference a PVC that gets created for an ephemeral volume',
      'spec.volumes[2].ephemeral.volumeClaimTemplate: Required value',
    ], { name: 'eph' });
    const long = 'a'.repeat(250);
    await pods.refused({ containers: [ctr()], volumes: [scratch] }, [`spec.volumes[0].name: Invalid value: "scratch": PVC name "${long}-scratch": must be no more than 253 characters`], { name: long });
    // The second "a" is valid on its own and takes the name: the first, broken one never did.
    const defaulted = { name: 'v', hostPath: { path: '/x' } };
    await pods.accepted({ containers: [ctr({ volumeMounts: [{ name: 'v', mountPath: '/v' }] })], volumes: [defaulted] });
  });

  it('a volume naming no source at all is refused (a request cannot produce one: decoding makes it an emptyDir)', () => {
    const errs = validatePodSpec({ containers: [ctr({ imagePullPolicy: 'Always', terminationMessagePolicy: 'File' })], volumes: [{ name: 'v', emptyDir: null }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 }, 'spec');
    assert.deepEqual(errs.map((e) => [e.type, e.field, e.detail]), [['FieldValueRequired', 'spec.volumes[0]', 'must specify a volume type']]);
  });

  it('scheduling, identity and security fields', async () => {
    await pods.refused({
      containers: [ctr({ securityContext: { runAsUser: -1, runAsGroup: 0 } })],
      nodeSelector: { 'bad key': 'ok', zone: 'bad value!' },
      securityContext: { runAsGroup: -5, sysctls: [{ name: 'Bad.Name', value: '1' }] },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } }, podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'zone' } }] } },
      topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'Maybe' }],
      hostname: 'web.0', activeDeadlineSeconds: 0,
      tolerations: [{ operator: 'Exists', value: 'x' }, { key: 'k', operator: 'In', effect: 'Sometimes' }, { value: 'v' }, { key: 'k', value: 'bad value!', effect: 'NoSchedule', tolerationSeconds: 5 }],
    }, [
      'spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      `spec.nodeSelector: Invalid value: "bad key": ${NAME_PART}`,
      `spec.nodeSelector: Invalid value: "bad value!": ${LABEL_VALUE}`,
      'spec.securityContext.runAsGroup: Invalid value: -5: must be between 0 and 2147483647, inclusive',
      'spec.securityContext.sysctls[0].name: Invalid value: "Bad.Name": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"',
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
      `spec.hostname: Invalid value: "web.0": ${DNS_LABEL}`,
      `spec.tolerations[0].operator: Invalid value: "x": value must be empty when \`operator\` is 'Exists'`,
      'spec.tolerations[1].operator: Unsupported value: "In": supported values: "Equal", "Exists"',
      'spec.tolerations[1].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'spec.tolerations[2].operator: Invalid value: "": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      `spec.tolerations[3].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
      `spec.tolerations[3].operator: Invalid value: "bad value!": ${LABEL_VALUE}`,
    ]);
    // A create never reaches the account name's validation: the ServiceAccount admission plugin looks the account up first.
    const unknownAccount = await pods.post({ containers: [ctr()], serviceAccountName: 'Builder' });
    assert.equal(unknownAccount.status, 403, unknownAccount.text);
    assert.match(unknownAccount.json.message, /is forbidden: error looking up service account pod-specs\/Builder: serviceaccount "Builder" not found$/);
    const accountErrs = validatePodSpec({ containers: [ctr({ imagePullPolicy: 'Always', terminationMessagePolicy: 'File' })], serviceAccountName: 'Builder', restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 }, 'spec');
    assert.deepEqual(accountErrs.map((e) => [e.type, e.field, e.badValue, e.detail]), [['FieldValueInvalid', 'spec.serviceAccountName', 'Builder', SUBDOMAIN]]);
    await pods.refused({ containers: [ctr()], dnsPolicy: 'None' }, ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']);
    await pods.refused({
      containers: [ctr()],
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, namespaces: ['Prod'], topologyKey: '' }] } },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2, nodeTaintsPolicy: 'Always', labelSelector: { matchLabels: { app: 'bad value!' } } },
        { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    }, [
      "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      `spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace: Invalid value: "Prod": ${DNS_LABEL}`,
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      `spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": ${NAME_PART}`,
      'spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, ScheduleAnyway}"',
      'spec.topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway',
      'spec.topologySpreadConstraints[0].nodeTaintsPolicy: Unsupported value: "Always": supported values: "Honor", "Ignore"',
      `spec.topologySpreadConstraints[0].labelSelector.matchLabels: Invalid value: "bad value!": ${LABEL_VALUE}`,
    ]);
    await pods.refused({
      os: { name: 'windows' }, hostPID: true,
      securityContext: { runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [ctr({ name: 'init', securityContext: { privileged: false } })],
      containers: [ctr({ securityContext: { capabilities: { add: ['NET_ADMIN'] }, windowsOptions: { runAsUserName: 'ContainerUser' } } })],
    }, [
      'spec.hostPID: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.seccompProfile: Forbidden: cannot be set for a windows pod',
      'spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'spec.initContainers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].securityContext.capabilities: Forbidden: cannot be set for a windows pod',
    ]);
    await pods.refused({ os: { name: 'linux' }, containers: [ctr({ securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } })] }, [
      'spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
    ]);
    await pods.refused({ os: { name: 'darwin' }, containers: [ctr()] }, ['spec.os: Unsupported value: "darwin": supported values: "linux", "windows"']);
    await pods.refused({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [ctr({ securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'b' } } })],
    }, [
      'spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match',
      'spec.containers[0].securityContext.appArmorProfile.localhostProfile: Forbidden: apparmor profile in annotation and field must match',
    ], { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined', 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/a' } });
    const pod = await pods.accepted({ containers: [ctr()] });
    const changed = await raw(api(), 'PUT', `/api/v1/namespaces/${NS}/pods/${pod.metadata.name}`, { ...pod, metadata: { ...pod.metadata, annotations: { 'container.apparmor.security.beta.kubernetes.io/c': 'runtime/default' } } });
    assert.equal(changed.status, 422, changed.text);
    assertCauses(changed.json, ['metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: Forbidden: may not add AppArmor annotations']);
    await pods.refused({ containers: [ctr()] }, [
      'metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+1": must be a 32bit integer',
      `metadata.annotations[container.apparmor.security.beta.kubernetes.io/web]: Invalid value: "web": container not found`,
    ], { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '+1', 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default' } });
  });

  it('pod templates of workloads are checked with their own paths (labels and annotations at the template)', async () => {
    const base = `/apis/apps/v1/namespaces/${NS}/deployments`;
    const deployment = (template: Obj) => ({ metadata: { name: `deploy-${++counter}` }, spec: { selector: { matchLabels: { app: 'web' } }, template } });
    const ok = await raw(api(), 'POST', base, deployment({ metadata: { labels: { app: 'web' } }, spec: { containers: [ctr()] } }));
    assert.equal(ok.status, 201, ok.text);
    const res = await raw(api(), 'POST', base, deployment({
      metadata: { labels: { app: 'web', 'bad key': 'x' }, annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'strict' } },
      spec: { containers: [ctr({ image: '', ports: [{ containerPort: 0 }] })], volumes: [{ name: 'v', secret: {} }] },
    }));
    assert.equal(res.status, 422, res.text);
    assertCauses(res.json, [
      `spec.template.labels: Invalid value: "bad key": ${NAME_PART}`,
      'spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "strict": must be a valid seccomp profile',
      'spec.template.spec.volumes[0].secret.secretName: Required value',
      'spec.template.spec.containers[0].image: Required value',
      'spec.template.spec.containers[0].ports[0].containerPort: Required value',
    ]);
  });

});
