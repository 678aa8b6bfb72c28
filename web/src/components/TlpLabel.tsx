import type { CSSProperties } from 'react';

// FIRST TLP 2.0 colours: the label's colour on a black background (RED #FF2B2B, AMBER #FFC000, GREEN #33FF00, CLEAR white).
const colours: Record<string, string> = {
  'TLP:RED': '#FF2B2B',
  'TLP:AMBER+STRICT': '#FFC000',
  'TLP:AMBER': '#FFC000',
  'TLP:GREEN': '#33FF00',
  'TLP:CLEAR': '#FFFFFF',
};

const style = (tlp: string): CSSProperties => ({
  background: '#000000',
  color: colours[tlp] ?? '#FFFFFF',
  fontFamily: 'monospace',
  fontWeight: 700,
  padding: '0.1em 0.4em',
  whiteSpace: 'nowrap',
  display: 'inline-block',
});

/** A TLP label as FIRST prescribes it: in capitals, never translated, in its colour on black. */
export function TlpLabel({ tlp }: { tlp: string }) {
  return (
    <span className="vitaal-tlp" data-tlp={tlp} style={style(tlp)}>
      {tlp}
    </span>
  );
}

/** The label without its `TLP:` prefix, as a message key (i18next reads a colon as a namespace separator). */
export const tlpKey = (tlp: string) => tlp.replace(/^TLP:/, '');
