export * from './service-registry.js';
export { isKnownWeakSecret, isLowEntropySecret, secretSchema, type SecretOptions } from './secrets.js';
export { loadServiceConfig, ConfigError, type BaseServiceConfig, type LoadServiceConfigOptions } from './load-service-config.js';
