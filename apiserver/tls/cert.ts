/** Certificate minting lives in runtime/core so the webhook server can mint certificates too. */
export { createServingCertificates, type CertificatePair, type ServingCertificates } from '../../runtime/core/x509/cert.ts';
