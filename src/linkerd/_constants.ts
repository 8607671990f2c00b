/* Linkerd names the library relies on: a leaf module. */

/** The Linkerd identity issuer's name: `identity.<linkerd namespace>.<trust domain>`. */
export const LINKERD_ISSUER_CN = 'identity.linkerd.cluster.local';
/** The Linkerd control-plane namespace. */
export const LINKERD_NAMESPACE = 'linkerd';
/** The Linkerd identity issuer Secret. */
export const LINKERD_ISSUER_SECRET = 'linkerd-identity-issuer';
/** The `linkerd-gateway` Service's fixed name and namespace. */
export const LINKERD_GATEWAY = 'linkerd-gateway';
/** The annotation that carries the SHA-256 of a link's credentials (never the credentials). */
export const CREDENTIALS_HASH_ANNOTATION = 'cdk8s-mesh.io/credentials-sha256';
