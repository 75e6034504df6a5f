
/** Registers the {{kind}} webhooks on server. */
export function register{{kind}}Webhooks(server: WebhookServer): void {
{{registrations}}
}
