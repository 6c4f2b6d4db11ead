/**
 * Core User, Group and enterprise User extension schemas, transcribed from RFC 7643 §8.7.1
 * (with the characteristics the RFC gives each attribute).
 */
import { attr, type AttributeDefinition, type SchemaDefinition } from './attribute-definition.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The sub-attributes every multi-valued "value/display/type/primary" attribute shares. */
function plural(name: string, description: string, types: string[] | undefined, valueInit: Partial<AttributeDefinition> = {}): AttributeDefinition {
  const subAttributes: AttributeDefinition[] = [
    attr({ name: 'value', description: `The ${name} value.`, ...valueInit }),
    attr({ name: 'display', description: 'A human-readable name, primarily used for display purposes.' }),
    attr({ name: 'type', description: `A label indicating the attribute's function.`, ...(types ? { canonicalValues: types } : {}) }),
    attr({ name: 'primary', type: 'boolean', description: `A Boolean value indicating the 'primary' or preferred attribute value for this attribute.` }),
  ];
  return attr({ name, description, multiValued: true, type: 'complex', subAttributes });
}

export const userSchema: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr({ name: 'userName', required: true, uniqueness: 'server', description: 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider. REQUIRED.' }),
    attr({
      name: 'name',
      type: 'complex',
      description: "The components of the user's real name.",
      subAttributes: [
        attr({ name: 'formatted', description: "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display." }),
        attr({ name: 'familyName', description: 'The family name of the User, or last name in most Western languages.' }),
        attr({ name: 'givenName', description: 'The given name of the User, or first name in most Western languages.' }),
        attr({ name: 'middleName', description: 'The middle name(s) of the User.' }),
        attr({ name: 'honorificPrefix', description: 'The honorific prefix(es) of the User, or title in most Western languages.' }),
        attr({ name: 'honorificSuffix', description: 'The honorific suffix(es) of the User, or suffix in most Western languages.' }),
      ],
    }),
    attr({ name: 'displayName', description: 'The name of the User, suitable for display to end-users.' }),
    attr({ name: 'nickName', description: 'The casual way to address the user in real life.' }),
    attr({ name: 'profileUrl', type: 'reference', referenceTypes: ['external'], description: "A fully qualified URL pointing to a page representing the User's online profile." }),
    attr({ name: 'title', description: "The user's title, such as \"Vice President.\"" }),
    attr({ name: 'userType', description: 'Used to identify the relationship between the organization and the user.' }),
    attr({ name: 'preferredLanguage', description: "Indicates the User's preferred written or spoken language." }),
    attr({ name: 'locale', description: "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations." }),
    attr({ name: 'timezone', description: "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'." }),
    attr({ name: 'active', type: 'boolean', description: "A Boolean value indicating the User's administrative status." }),
    attr({ name: 'password', mutability: 'writeOnly', returned: 'never', description: "The User's cleartext password. Stored only as a hash and never returned." }),
    plural('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    plural('phoneNumbers', 'Phone numbers for the User.', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    plural('ims', 'Instant messaging addresses for the User.', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    plural('photos', 'URLs of photos of the User.', ['photo', 'thumbnail'], { type: 'reference', referenceTypes: ['external'] }),
    attr({
      name: 'addresses',
      type: 'complex',
      multiValued: true,
      description: 'A physical mailing address for this User.',
      subAttributes: [
        attr({ name: 'formatted', description: 'The full mailing address, formatted for display or use with a mailing label.' }),
        attr({ name: 'streetAddress', description: 'The full street address component.' }),
        attr({ name: 'locality', description: 'The city or locality component.' }),
        attr({ name: 'region', description: 'The state or region component.' }),
        attr({ name: 'postalCode', description: 'The zip code or postal code component.' }),
        attr({ name: 'country', description: 'The country name component.' }),
        attr({ name: 'type', description: "A label indicating the attribute's function.", canonicalValues: ['work', 'home', 'other'] }),
        attr({ name: 'primary', type: 'boolean', description: "A Boolean value indicating the 'primary' or preferred attribute value." }),
      ],
    }),
    attr({
      name: 'groups',
      type: 'complex',
      multiValued: true,
      mutability: 'readOnly',
      description: 'A list of groups to which the user belongs, either through direct membership or through nested groups.',
      subAttributes: [
        attr({ name: 'value', mutability: 'readOnly', description: 'The identifier of the User\'s group.' }),
        attr({ name: '$ref', type: 'reference', referenceTypes: ['User', 'Group'], mutability: 'readOnly', description: "The URI of the corresponding 'Group' resource to which the user belongs." }),
        attr({ name: 'display', mutability: 'readOnly', description: 'A human-readable name, primarily used for display purposes.' }),
        attr({ name: 'type', mutability: 'readOnly', canonicalValues: ['direct', 'indirect'], description: "A label indicating the attribute's function, e.g., 'direct' or 'indirect'." }),
      ],
    }),
    plural('entitlements', 'A list of entitlements for the User that represent a thing the User has.', undefined),
    plural('roles', 'A list of roles for the User that collectively represent who the User is, e.g., \'Student\', \'Faculty\'.', undefined),
    plural('x509Certificates', 'A list of certificates issued to the User.', undefined, { type: 'binary' }),
  ],
};

export const groupSchema: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr({ name: 'displayName', required: true, uniqueness: 'server', description: 'A human-readable name for the Group. REQUIRED.' }),
    attr({
      name: 'members',
      type: 'complex',
      multiValued: true,
      description: 'A list of members of the Group.',
      subAttributes: [
        attr({ name: 'value', mutability: 'immutable', description: 'Identifier of the member of this Group.' }),
        attr({ name: '$ref', type: 'reference', referenceTypes: ['User', 'Group'], mutability: 'immutable', description: 'The URI corresponding to a SCIM resource that is a member of this Group.' }),
        attr({ name: 'display', mutability: 'readOnly', description: 'A human-readable name, primarily used for display purposes.' }),
        attr({ name: 'type', mutability: 'immutable', canonicalValues: ['User', 'Group'], description: "A label indicating the type of resource, e.g., 'User' or 'Group'." }),
      ],
    }),
  ],
};

export const enterpriseUserSchema: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr({ name: 'employeeNumber', description: 'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.' }),
    attr({ name: 'costCenter', description: 'Identifies the name of a cost center.' }),
    attr({ name: 'organization', description: 'Identifies the name of an organization.' }),
    attr({ name: 'division', description: 'Identifies the name of a division.' }),
    attr({ name: 'department', description: 'Identifies the name of a department.' }),
    attr({
      name: 'manager',
      type: 'complex',
      description: "The User's manager.",
      subAttributes: [
        attr({ name: 'value', description: 'The id of the SCIM resource representing the User\'s manager.' }),
        attr({ name: '$ref', type: 'reference', referenceTypes: ['User'], description: "The URI of the SCIM resource representing the User's manager." }),
        attr({ name: 'displayName', mutability: 'readOnly', description: "The displayName of the User's manager." }),
      ],
    }),
  ],
};
