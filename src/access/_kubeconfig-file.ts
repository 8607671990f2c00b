/*
 * A kubeconfig as read from a user's file, before it is checked: every field may be
 * missing or of another type, so each is `unknown` until the reader checks it.
 */

/** The fields of a cluster or user entry. */
export interface KubeconfigFields {
  readonly [field: string]: unknown;
}

/** One entry of `contexts`, `clusters` or `users`. */
export interface KubeconfigFileEntry {
  readonly name?: unknown;
  readonly context?: { readonly cluster?: unknown; readonly user?: unknown };
  readonly cluster?: KubeconfigFields;
  readonly user?: KubeconfigFields;
}

/** The top level, once `contexts` (and the list the reader needs) are known to be arrays. */
export interface KubeconfigFile {
  readonly 'current-context'?: unknown;
  readonly 'contexts': KubeconfigFileEntry[];
  readonly 'clusters': KubeconfigFileEntry[];
  readonly 'users': KubeconfigFileEntry[];
}
