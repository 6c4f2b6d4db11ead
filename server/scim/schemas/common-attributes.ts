/**
 * Attributes every SCIM resource carries (RFC 7643 §3.1): id, externalId and meta.
 * They are not part of any schema's attribute list in /Schemas, but filters, sorting,
 * PATCH and projection must know their characteristics.
 */
import { attr, type AttributeDefinition } from './attribute-definition.js';

export const commonAttributes: AttributeDefinition[] = [
  attr({ name: 'id', caseExact: true, mutability: 'readOnly', returned: 'always', uniqueness: 'server', description: 'A unique identifier for a SCIM resource as defined by the service provider.' }),
  attr({ name: 'externalId', caseExact: true, description: 'A String that is an identifier for the resource as defined by the provisioning client.' }),
  attr({
    name: 'meta',
    type: 'complex',
    mutability: 'readOnly',
    description: 'A complex attribute containing resource metadata.',
    subAttributes: [
      attr({ name: 'resourceType', caseExact: true, mutability: 'readOnly', description: 'The name of the resource type of the resource.' }),
      attr({ name: 'created', type: 'dateTime', mutability: 'readOnly', description: 'The DateTime that the resource was added to the service provider.' }),
      attr({ name: 'lastModified', type: 'dateTime', mutability: 'readOnly', description: 'The most recent DateTime that the details of this resource were updated at the service provider.' }),
      attr({ name: 'location', type: 'reference', referenceTypes: ['uri'], caseExact: true, mutability: 'readOnly', description: 'The URI of the resource being returned.' }),
      attr({ name: 'version', caseExact: true, mutability: 'readOnly', description: 'The version of the resource being returned.' }),
    ],
  }),
];
