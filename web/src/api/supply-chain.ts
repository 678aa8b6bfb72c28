import { api, dataOf, type Schemas } from './client.ts';

/** The vendor register, the high-risk scan and concentration for the supply-chain pages (issue 5). */
export type Vendor = Schemas['Vendor'];
export type Product = Schemas['Product'];
export type HighRiskScan = Schemas['HighRiskScan'];
export type ScanGroup = HighRiskScan['groups'][number];
export type ScanFinding = ScanGroup['findings'][number];
export type VendorDependence = Schemas['VendorDependence'];
export type VendorOwnership = Schemas['VendorOwnership'];
export type AssetClassConcentration = Schemas['AssetClassConcentration'];

export const listVendors = async (): Promise<Vendor[]> => dataOf(await api.GET('/api/v1/vendors', { params: { query: { limit: 1000 } } })).items;

export const getVendor = async (id: string): Promise<Vendor> => dataOf(await api.GET('/api/v1/vendors/{id}', { params: { path: { id } } }));

export const listVendorProducts = async (vendorId: string): Promise<Product[]> => dataOf(await api.GET('/api/v1/products', { params: { query: { vendorId, limit: 1000 } } })).items;

export const getOwnership = async (id: string): Promise<VendorOwnership> => dataOf(await api.GET('/api/v1/vendors/{id}/ownership', { params: { path: { id } } }));

export const getDependence = async (id: string): Promise<VendorDependence> => dataOf(await api.GET('/api/v1/vendors/{id}/dependence', { params: { path: { id } } }));

export const scanHighRisk = async (): Promise<HighRiskScan> => dataOf(await api.GET('/api/v1/scan/high-risk'));

export const getConcentration = async (): Promise<AssetClassConcentration> => dataOf(await api.GET('/api/v1/concentration/asset-classes'));
