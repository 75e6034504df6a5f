/** The Go API markers controller-gen applies when it inlines a built-in type (see runtime/core/builtins/api-markers.ts). */
export { apiMarkers as typeFacts, type ApiTypeMarkers as TypeFacts } from '../../runtime/core/builtins/api-markers.ts';
