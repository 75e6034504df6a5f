/** The master Service: the address workers connect to and the metrics scrape target. */
import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { LocustTest } from '../../apis/locust/v2/locusttest_types.ts';
import type { LocustOperatorConfig } from './config.ts';
import { enabledOtel } from './env.ts';
import { LABEL_POD_NAME, MASTER_BIND_PORT, MASTER_PORT, METRICS_PORT_NAME, nodeName } from './naming.ts';

/**
 * Service `<test>-master` selecting the master pod: the two worker-facing ports and, unless
 * OpenTelemetry replaces it, the metrics exporter port. The web UI port stays off the Service
 * (port-forward to the pod to reach it).
 */
export function buildMasterService(lt: LocustTest, cfg: LocustOperatorConfig): V1Service {
  const name = nodeName(lt.metadata?.name ?? '', 'master');
  const ports: V1ServicePort[] = [MASTER_PORT, MASTER_BIND_PORT].map((port) => ({ name: `port${port}`, protocol: 'TCP', port }));
  if (!enabledOtel(lt)) ports.push({ name: METRICS_PORT_NAME, protocol: 'TCP', port: cfg.metricsExporter.port });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: lt.metadata?.namespace },
    spec: { selector: { [LABEL_POD_NAME]: name }, ports },
  };
}
