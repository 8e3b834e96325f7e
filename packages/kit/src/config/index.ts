export * from './service-registry.js';
export { isKnownWeakSecret, isLowEntropySecret, secretSchema, type SecretOptions } from './secrets.js';
export {
  loadServiceConfig,
  ConfigError,
  type BaseServiceConfig,
  type LoadServiceConfigOptions,
} from './load-service-config.js';
export {
  type PlatformServiceFields,
  type PlatformServiceValues,
  type PlatformServiceSettings,
  type PlatformPeerFields,
  type PlatformPeerSettings,
  platformServiceFields,
  platformServiceSettings,
  platformPeerFields,
  platformPeerSettings,
  databaseUrlOf,
  missingDatabaseUrl,
  commaSeparated,
} from './platform-settings.js';
