export * from './api-server';
export * from './istio-install';
export * from './istio-version';
export * from './label-selector';
export * from './mesh';
export * from './mesh-app';
export * from './mesh-cluster';
export * from './sample-apps';
