/**
 * Countries as ISO 3166-1 alpha-2 codes, and their recognition in free text: vendor records, SBOM supplier
 * addresses and spreadsheets name countries as codes (`NL`, `NLD`), in English or Dutch (`Netherlands`,
 * `Nederland`, `Holland`) or in an official long form (`Russian Federation`). Names come from the ICU data
 * of the runtime (Intl.DisplayNames, deterministic for a given Node build) plus the aliases below.
 */

// Every officially assigned ISO 3166-1 code (249, Debian iso-codes 2024): alpha-2 followed by alpha-3.
const isoCodes =
  'ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE BABIH BBBRB ' +
  'BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS BTBTN BVBVT BWBWA BYBLR ' +
  'BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN COCOL CRCRI CUCUB CVCPV CWCUW CXCXR ' +
  'CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK ' +
  'FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS ' +
  'GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ' +
  'ISISL ITITA JEJEY JMJAM JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO ' +
  'LBLBN LCLCA LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD ' +
  'MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM NCNCL NENER ' +
  'NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG PHPHL PKPAK PLPOL PMSPM ' +
  'PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA SASAU SBSLB SCSYC SDSDN SESWE SGSGP ' +
  'SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF ' +
  'TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY ' +
  'UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE';

const alpha3ToAlpha2 = new Map(isoCodes.split(' ').map((pair) => [pair.slice(2), pair.slice(0, 2)]));
const alpha2Codes: ReadonlySet<string> = new Set(alpha3ToAlpha2.values());

/** Codes in common use that ISO reserves for another meaning: the EU writes `EL` for Greece, many write `UK`. */
const codeAliases: Record<string, string> = { UK: 'GB', EL: 'GR' };

/** Names and abbreviations ICU does not give in English, Dutch, German or French. Keys in normalised form. */
const nameAliases: Record<string, string> = {
  holland: 'NL',
  'kingdom of the netherlands': 'NL',
  'koninkrijk der nederlanden': 'NL',
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  america: 'US',
  'united states of america': 'US',
  'verenigde staten van amerika': 'US',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  'groot brittannie': 'GB',
  engeland: 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  prc: 'CN',
  'peoples republic of china': 'CN',
  'people s republic of china': 'CN',
  'volksrepubliek china': 'CN',
  'mainland china': 'CN',
  'russian federation': 'RU',
  'russische federatie': 'RU',
  'iran islamic republic of': 'IR',
  'islamic republic of iran': 'IR',
  'islamitische republiek iran': 'IR',
  dprk: 'KP',
  'democratic people s republic of korea': 'KP',
  'democratic peoples republic of korea': 'KP',
  'korea democratic people s republic of': 'KP',
  'democratische volksrepubliek korea': 'KP',
  'republic of korea': 'KR',
  'korea republic of': 'KR',
  'taiwan province of china': 'TW',
  'republic of china': 'TW',
  'czech republic': 'CZ',
  'tsjechische republiek': 'CZ',
  turkey: 'TR',
  turkiye: 'TR',
  'viet nam': 'VN',
  'bondsrepubliek duitsland': 'DE',
  'federal republic of germany': 'DE',
  uae: 'AE',
};

const normaliseName = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');

let namesIndex: Map<string, string> | undefined;

/** Normalised country name → code, from ICU's names in English, Dutch, German and French, and the aliases. */
function countryNames(): Map<string, string> {
  if (namesIndex) return namesIndex;
  const index = new Map<string, string>();
  for (const locale of ['en', 'nl', 'de', 'fr']) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    for (const code of alpha2Codes) {
      const name = names.of(code);
      if (name && !index.has(normaliseName(name))) index.set(normaliseName(name), code);
    }
  }
  for (const [alias, code] of Object.entries(nameAliases)) index.set(alias, code);
  namesIndex = index;
  return index;
}

/** Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case). */
export const isCountryCode = (code: string): boolean => alpha2Codes.has(code);

/**
 * The ISO 3166-1 alpha-2 code a free-text country denotes: an alpha-2 or alpha-3 code in any case, or a name
 * in English, Dutch, German or French (diacritics, punctuation and a leading "the" ignored); `undefined`
 * when it denotes no single country (an empty string, `Europe`, a typo).
 */
export function normaliseCountry(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const upper = trimmed.toUpperCase();
    const code = codeAliases[upper] ?? upper;
    return alpha2Codes.has(code) ? code : undefined;
  }
  if (/^[A-Za-z]{3}$/.test(trimmed)) {
    const code = alpha3ToAlpha2.get(trimmed.toUpperCase());
    if (code) return code;
  }
  const key = normaliseName(trimmed);
  return key === '' ? undefined : countryNames().get(key);
}

const displayNames = new Map<string, Intl.DisplayNames>();

/** The name of a country code in `locale` (English by default), for messages and reports (the code itself when ICU has none). */
export function countryName(code: string, locale = 'en'): string {
  // Building an Intl.DisplayNames costs far more than a lookup, and a nationwide scan names a country per finding.
  let names = displayNames.get(locale);
  if (!names) displayNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' })));
  return names.of(code) ?? code;
}
