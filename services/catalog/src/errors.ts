/** Catalog's own error codes (STYLE 6); the kit's shared codes cover the rest. */
export const CatalogErrorCodes = {
  keyInUse: 'key_in_use',
  invalidAccessPolicy: 'invalid_access_policy',
  typeImmutable: 'type_immutable',
  notPublished: 'not_published',
  invalidSignature: 'invalid_signature',
} as const;
