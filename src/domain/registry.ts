/** Vocabulary of the registry (cycle step 1): categories, asset kinds, dependency types, designation states. */
export const categories = ['A', 'B'] as const;
export type Category = (typeof categories)[number];

export const assetKinds = ['site', 'system', 'service'] as const;
export type AssetKind = (typeof assetKinds)[number];

/** Rinaldi's classic dependency types: physical (a flow of goods or energy), cyber (information), geographic, logical. */
export const dependencyTypes = ['physical', 'cyber', 'geographic', 'logical'] as const;
export type DependencyType = (typeof dependencyTypes)[number];

export const designationStatuses = ['proposed', 'designated', 'withdrawn'] as const;
export type DesignationStatus = (typeof designationStatuses)[number];

export const providerRoles = ['operator', 'national-operator', 'regional-operator', 'service-provider'] as const;
export type ProviderRole = (typeof providerRoles)[number];

/** Approximate bounding box of the European Netherlands, to catch swapped or foreign coordinates in asset data. */
export const netherlandsBounds = { minLatitude: 50.7, maxLatitude: 53.7, minLongitude: 3.2, maxLongitude: 7.3 } as const;

/** Whether a WGS84 position lies within the European Netherlands' bounding box (territorial waters included). */
export const isInNetherlands = (latitude: number, longitude: number): boolean =>
  latitude >= netherlandsBounds.minLatitude &&
  latitude <= netherlandsBounds.maxLatitude &&
  longitude >= netherlandsBounds.minLongitude &&
  longitude <= netherlandsBounds.maxLongitude;
