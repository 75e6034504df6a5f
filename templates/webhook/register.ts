
/** Adds the {{kind}} webhooks to mgr's webhook server. */
export function register{{kind}}Webhooks(mgr: Manager): void {
{{registrations}}
}
