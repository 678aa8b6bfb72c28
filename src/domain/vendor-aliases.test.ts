import { describe, expect, it } from 'vitest';
import { buildVendorIndex, cpeVendor, normaliseAlias, normaliseVendorName, purlNamespace, vendorCandidates } from './vendor-aliases.ts';

describe('vendor aliases', () => {
  it('normalises names: SPDX prefixes, e-mail parts, accents, punctuation and legal forms', () => {
    expect(normaliseVendorName('Organization: Huawei Technologies Co., Ltd. (psirt@huawei.com)')).toBe('huawei technologies');
    expect(normaliseVendorName('Lowlands Grid Devices B.V.')).toBe('lowlands grid devices');
    expect(normaliseVendorName('Siemens AG')).toBe('siemens');
    expect(normaliseVendorName('Société Générale S.A.')).toBe('societe generale');
    expect(normaliseVendorName('Jan Kowalleck <jan@example.org>')).toBe('jan kowalleck');
    // A legal form alone is a name, not nothing.
    expect(normaliseVendorName('Limited')).toBe('limited');
  });

  it('takes the namespace of a purl and the vendor of a CPE 2.2 or 2.3', () => {
    expect(purlNamespace('pkg:maven/com.huawei.agent/core@1.0')).toBe('maven/com.huawei.agent');
    expect(purlNamespace('pkg:npm/%40fastify/compress@9.2.0')).toBe('npm/@fastify');
    expect(purlNamespace('pkg:github/Hikvision/sdk@2')).toBe('github/hikvision');
    expect(purlNamespace('pkg:generic/openssl@3.0.13')).toBeUndefined();
    expect(cpeVendor('cpe:2.3:h:hikvision:ds-2cd2032-i:-:*:*:*:*:*:*:*')).toBe('hikvision');
    expect(cpeVendor('cpe:2.3:a:at\\&t:app:1:*:*:*:*:*:*:*')).toBe('at&t');
    expect(cpeVendor('cpe:/o:zte:zxhn_h108n_firmware:2.5')).toBe('zte');
    expect(cpeVendor('cpe:2.3:a:*:x:1:*:*:*:*:*:*:*')).toBeUndefined();
    expect(normaliseAlias('purl-namespace', 'pkg:Maven/Com.Huawei/')).toBe('maven/com.huawei');
  });

  it('resolves in the fallback order supplier → manufacturer → publisher → author → purl namespace → CPE vendor', () => {
    const index = buildVendorIndex(
      [
        { id: 'acme', code: 'acme', name: 'ACME Corporation', aliases: ['Acme Europe'] },
        { id: 'hik', code: 'hikvision', name: 'Hangzhou Hikvision Digital Technology Co., Ltd.', aliases: [] },
      ],
      [
        { vendorId: 'hik', kind: 'cpe-vendor', normalised: 'hikvision' },
        { vendorId: 'acme', kind: 'purl-namespace', normalised: 'maven/com.acme' },
      ],
    );
    const resolve = (component: Parameters<typeof vendorCandidates>[0]) => index.resolve(vendorCandidates(component));
    expect(resolve({ names: { supplier: 'Nobody', manufacturer: 'ACME Corp.' }, cpe: 'cpe:2.3:h:hikvision:cam:1:*:*:*:*:*:*:*' })).toEqual({ vendorId: 'acme', via: 'manufacturer' });
    expect(resolve({ names: { supplier: 'Acme Europe', author: 'Hangzhou Hikvision Digital Technology' } })).toEqual({ vendorId: 'acme', via: 'supplier' });
    expect(resolve({ names: { author: 'someone' }, purl: 'pkg:maven/com.acme/lib@1', cpe: 'cpe:2.3:a:hikvision:x:1:*:*:*:*:*:*:*' })).toEqual({ vendorId: 'acme', via: 'purl' });
    expect(resolve({ names: {}, cpe: 'cpe:2.3:h:hikvision:cam:1:*:*:*:*:*:*:*' })).toEqual({ vendorId: 'hik', via: 'cpe' });
    expect(resolve({ names: { supplier: 'NOASSERTION' } })).toBeUndefined();
  });
});
