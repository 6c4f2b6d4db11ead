/**
 * The datasets a workspace can be reset to: the small demo company, a large directory (1,000 users
 * in 50 groups) and messy data. Each is generated in code from a fixed seed (nothing big ships in the
 * package) and built once per process; ids and timestamps are seeded too, so every reset to a
 * dataset gives the same directory, and an IdP's links to its users stay valid across resets.
 */
import type { DatasetInfo, DatasetName } from '../contract/snapshots.js';
import { seedDemoDirectory } from '../seed/demo-directory.js';
import { buildDirectory, ENTERPRISE } from './dataset-builder.js';
import { seededRandom } from '../seed/seeded-random.js';
import { buildMessyDirectory } from './messy-dataset.js';
import type { Directory } from './snapshot-format.js';

export const DATASET_NAMES = ['demo', 'large', 'messy', 'empty'] as const satisfies readonly DatasetName[];
export type { DatasetInfo, DatasetName };

const DESCRIPTIONS: Record<DatasetName, Omit<DatasetInfo, 'name' | 'users' | 'groups'>> = {
  demo: { title: 'Demo company', description: 'A small company: a few users with names, emails and managers, and two groups (resources/demo-directory.json).' },
  large: { title: '1,000 users in 50 groups', description: 'A mid-sized company for paging, filtering and import tests: departments, offices and project teams.' },
  messy: {
    title: 'Messy data',
    description: 'Look-alike duplicates (the same person twice, names equal after Unicode normalization or case folding), combining marks, right-to-left and emoji names, users in many groups, deactivated users.',
  },
  empty: { title: 'Empty', description: 'No users and no groups.' },
};

const built = new Map<DatasetName, Promise<Directory>>();

/** The dataset's directory (built on first use, then shared: records are immutable). */
export function dataset(name: DatasetName): Promise<Directory> {
  let directory = built.get(name);
  if (!directory) {
    directory = buildDataset(name);
    built.set(name, directory);
    directory.catch(() => built.delete(name));
  }
  return directory;
}

export async function listDatasets(): Promise<DatasetInfo[]> {
  const out: DatasetInfo[] = [];
  for (const name of DATASET_NAMES) {
    const d = await dataset(name);
    out.push({ name, ...DESCRIPTIONS[name], users: d.users.length, groups: d.groups.length });
  }
  return out;
}

function buildDataset(name: DatasetName): Promise<Directory> {
  switch (name) {
    case 'empty':
      return Promise.resolve({ users: [], groups: [], secrets: {} });
    case 'demo':
      return buildDirectory(1, (w) => seedDemoDirectory(w.services));
    case 'large':
      return buildLargeDirectory();
    case 'messy':
      return buildMessyDirectory();
  }
}

const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Support', 'Finance', 'People', 'Legal', 'Operations', 'Product', 'Design'];
const OFFICES = ['Berlin', 'Lisbon', 'Toronto', 'Austin', 'Singapore', 'Nairobi', 'São Paulo', 'Sydney', 'Dublin', 'Seoul'];
const TEAMS = [
  'Atlas', 'Beacon', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Indigo', 'Juniper',
  'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Onyx', 'Pioneer', 'Quartz', 'Raven', 'Summit', 'Tundra',
  'Umbra', 'Vertex', 'Willow', 'Xenon', 'Yarrow', 'Zephyr', 'Aurora', 'Basalt', 'Cascade', 'Drift',
];

/** 1,000 users (names from @faker-js/faker, seeded) in 10 department, 10 office and 30 project groups. */
async function buildLargeDirectory(): Promise<Directory> {
  const { faker } = await import('@faker-js/faker/locale/en');
  // Faker's instance is shared with "generate users": every name is drawn right after seeding, with no
  // await in between, so nothing else can draw from it meanwhile and the dataset is the same every time.
  faker.seed(1000);
  const people = Array.from({ length: 1000 }, () => ({ givenName: faker.person.firstName(), familyName: faker.person.lastName(), title: faker.person.jobTitle() }));
  const random = seededRandom(1000);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return buildDirectory(1000, async (w) => {
    const members = new Map<string, string[]>();
    const join = (group: string, id: string) => members.set(group, [...(members.get(group) ?? []), id]);
    const taken = new Set<string>();
    const mailbox = (given: string, family: string, n: number) => `${given}.${family}${n > 1 ? n : ''}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
    for (const [i, { givenName, familyName, title }] of people.entries()) {
      let userName = mailbox(givenName, familyName, 1);
      for (let n = 2; taken.has(userName); n++) userName = mailbox(givenName, familyName, n);
      taken.add(userName);
      const department = DEPARTMENTS[i % DEPARTMENTS.length]!;
      const office = pick(OFFICES);
      const id = await w.user({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
        userName,
        externalId: `00u${String(100000 + i)}large`,
        name: { givenName, familyName, formatted: `${givenName} ${familyName}` },
        displayName: `${givenName} ${familyName}`,
        title,
        emails: [{ value: userName, type: 'work', primary: true }],
        locale: 'en-US',
        active: random() > 0.04,
        [ENTERPRISE]: { employeeNumber: String(20000 + i), department, organization: 'Example Corp' },
      });
      join(department, id);
      join(`Office ${office}`, id);
      const projects = Math.floor(random() * 4);
      for (let p = 0; p < projects; p++) join(`Project ${pick(TEAMS)}`, id);
    }
    const groupNames = [...DEPARTMENTS, ...OFFICES.map((o) => `Office ${o}`), ...TEAMS.map((t) => `Project ${t}`)];
    for (const [i, displayName] of groupNames.entries()) await w.group({ displayName, externalId: `00g${String(1000 + i)}large` }, [...new Set(members.get(displayName) ?? [])]);
  });
}
