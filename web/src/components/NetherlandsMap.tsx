import { geoMercator, geoPath } from 'd3-geo';
import type { Feature, MultiPolygon } from 'geojson';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { isInNetherlands } from '../../../src/domain/registry.ts';

export interface MapMarker {
  id: string;
  label: string;
  latitude: number;
  longitude: number;
  /** Key assets are drawn larger and darker. */
  emphasis?: boolean;
  /** A failed asset (a simulation at a moment) is drawn in the alert colour. */
  down?: boolean;
}

const width = 420;
const height = 500;

/** The European Netherlands from the Natural Earth 1:50m outline (world-atlas, ISO 3166 numeric 528), loaded on first use. */
let outlinePromise: Promise<Feature<MultiPolygon>> | undefined;
function loadOutline(): Promise<Feature<MultiPolygon>> {
  outlinePromise ??= import('world-atlas/countries-50m.json', { with: { type: 'json' } }).then((module) => {
    const topology = module.default as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const netherlands = topology.objects.countries.geometries.find((geometry) => geometry.id === '528');
    if (!netherlands) throw new Error('world-atlas has no country 528 (the Netherlands)');
    const country = feature(topology, netherlands) as Feature<MultiPolygon>;
    // Leave out the Caribbean islands: the map shows the European part, where the registry's assets lie.
    const polygons = country.geometry.coordinates.filter((polygon) => {
      const [longitude, latitude] = polygon[0]?.[0] ?? [0, 0];
      return isInNetherlands(latitude ?? 0, longitude ?? 0);
    });
    return { ...country, geometry: { type: 'MultiPolygon', coordinates: polygons } };
  });
  return outlinePromise;
}

/**
 * An SVG map of the Netherlands with a circle per marker. It is a picture only (role img with a summary):
 * the page shows the same assets in a table next to it.
 */
export function NetherlandsMap({ markers, label }: { markers: readonly MapMarker[]; label: string }) {
  const { t } = useTranslation();
  const [outline, setOutline] = useState<Feature<MultiPolygon>>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    loadOutline().then(
      (loaded) => current && setOutline(loaded),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, []);

  if (failed) return null;
  if (!outline) return <p className="vitaal-map vitaal-map--loading">{t('common.loading')}</p>;
  const projection = geoMercator().fitExtent(
    [
      [12, 12],
      [width - 12, height - 12],
    ],
    outline,
  );
  const path = geoPath(projection);
  return (
    <svg className="vitaal-map" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid="asset-map">
      <title>{label}</title>
      <path className="vitaal-map__land" d={path(outline) ?? ''} />
      {markers.map((marker) => {
        const point = projection([marker.longitude, marker.latitude]);
        if (!point) return null;
        return (
          <circle key={marker.id} className={`vitaal-map__marker${marker.emphasis ? ' vitaal-map__marker--key' : ''}${marker.down ? ' vitaal-map__marker--down' : ''}`} cx={point[0]} cy={point[1]} r={marker.emphasis ? 7 : 5} data-marker={marker.id}>
            <title>{marker.label}</title>
          </circle>
        );
      })}
    </svg>
  );
}
