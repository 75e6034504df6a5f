/**
 * The wire types webhooks exchange with the API server: admission.k8s.io/v1 AdmissionReview and
 * apiextensions.k8s.io/v1 ConversionReview. Plain data, shared by the webhook server and by the
 * API server that calls it.
 */
import type { GroupVersionKind, GroupVersionResource } from '../core/gvk.ts';
import type { KubeObject } from '../core/meta.ts';
import type { Status } from '../core/errors.ts';

/** The operation under admission. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** Who asked for the operation (authentication.k8s.io/v1 UserInfo). */
export interface AdmissionUserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/** AdmissionReview.request. */
export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  requestKind?: GroupVersionKind;
  requestResource?: GroupVersionResource;
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: AdmissionOperation;
  userInfo: AdmissionUserInfo;
  /** The object after the operation (absent on DELETE). */
  object?: KubeObject | null;
  /** The object before the operation (UPDATE and DELETE). */
  oldObject?: KubeObject | null;
  dryRun?: boolean;
  /** CreateOptions, UpdateOptions or DeleteOptions of the request. */
  options?: Record<string, unknown> | null;
}

/** The part of a Status a webhook returns when it refuses (metav1.Status without type meta). */
export type AdmissionStatus = Partial<Pick<Status, 'code' | 'message' | 'reason' | 'details' | 'status'>>;

/** AdmissionReview.response. */
export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  /** Base64 of a JSON patch (RFC 6902) when patchType is JSONPatch. */
  patch?: string;
  patchType?: 'JSONPatch';
  auditAnnotations?: Record<string, string>;
  warnings?: string[];
}

/** admission.k8s.io/v1 AdmissionReview. */
export interface AdmissionReview {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

/** ConversionReview.request: objects to convert to one version. */
export interface ConversionRequest {
  uid: string;
  desiredAPIVersion: string;
  objects: KubeObject[];
}

/** ConversionReview.response. */
export interface ConversionResponse {
  uid: string;
  convertedObjects: KubeObject[];
  result: { status: 'Success' | 'Failure'; message?: string };
}

/** apiextensions.k8s.io/v1 ConversionReview. */
export interface ConversionReview {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'ConversionReview';
  request?: ConversionRequest;
  response?: ConversionResponse;
}
