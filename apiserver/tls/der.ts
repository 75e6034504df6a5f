/** The DER writer lives in runtime/core so the webhook server can mint certificates too. */
export * from '../../runtime/core/x509/der.ts';
