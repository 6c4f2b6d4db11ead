/**
 * "Generate N fake users" for the inspector: realistic names, emails, titles and departments from
 * @faker-js/faker, created in one commit so even thousands arrive as a single durable write. Faker
 * (English data only) is loaded on the first use, not at start-up: it is the largest module we load.
 */
import type { ChangeOrigin } from '../contract/store.js';
import type { ResourceService } from '../scim/resource-service.js';
import type { Mutation } from '../store/repository.js';

export const MAX_GENERATED = 10_000;
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Support', 'Finance', 'People', 'Legal', 'Operations', 'Product', 'Design'];

export async function generateFakeUsers(users: ResourceService, count: number, origin: ChangeOrigin, seed?: number): Promise<string[]> {
  const { faker } = await import('@faker-js/faker/locale/en');
  if (seed !== undefined) faker.seed(seed);
  const mutations: Mutation[] = [];
  const ids: string[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < count; i++) {
    const givenName = faker.person.firstName();
    const familyName = faker.person.lastName();
    let userName = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      const suffix = attempt === 0 ? '' : String(faker.number.int({ min: 2, max: 9999 }));
      userName = faker.internet.email({ firstName: givenName, lastName: familyName + suffix, provider: 'example.com' }).toLowerCase();
      if (!taken.has(userName) && users.repo.idForUniqueName('User', userName) === undefined) break;
    }
    taken.add(userName);
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      userName,
      externalId: `00u${faker.string.alphanumeric(17)}`,
      name: { givenName, familyName, formatted: `${givenName} ${familyName}` },
      displayName: `${givenName} ${familyName}`,
      title: faker.person.jobTitle(),
      emails: [{ value: userName, type: 'work', primary: true }],
      phoneNumbers: [{ value: faker.phone.number({ style: 'international' }), type: 'work' }],
      locale: 'en-US',
      active: true,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: String(faker.number.int({ min: 10000, max: 99999 })), department: faker.helpers.arrayElement(DEPARTMENTS) },
    };
    const prepared = await users.prepareCreate(body, []);
    ids.push(prepared.id);
    mutations.push(...prepared.mutations);
  }
  if (mutations.length > 0) await users.repo.commit(mutations, origin);
  return ids;
}
