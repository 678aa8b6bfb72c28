/** STIX 2.1 objects as JSON (OASIS STIX 2.1, §3 "STIX General Concepts"): every object has a type and an id `type--uuid`. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  [property: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** One reason why a bundle is refused: the object (`type--id`, or `bundle`) and the JSON pointer of the offending value. */
export interface StixIssue {
  object: string;
  path: string;
  message: string;
}
