/**
 * "Messy data": the directory a real tenant accumulates, for testing matching, display and
 * deprovisioning code against it. The store refuses userNames (and group names) that differ only
 * in case (String.toLowerCase), so the look-alike duplicates here are the ones it lets through, as a
 * real IdP can send them: the same person twice under different userNames and externalIds, with
 * case-variant emails and display names; userNames equal after Unicode normalization (NFC "José"
 * and NFD "José") or full case folding ("STRASSE" and "straße", Turkish dotted "İ").
 */
import type { JsonObject } from '../contract/scim.js';
import { buildDirectory, ENTERPRISE } from './dataset-builder.js';
import { seededRandom } from '../seed/seeded-random.js';
import type { Directory } from './snapshot-format.js';

interface Person {
  userName: string;
  given?: string;
  family?: string;
  display?: string;
  emails?: string[];
  active?: boolean;
  nickName?: string;
  department?: string;
}

const nfd = (s: string) => s.normalize('NFD');

const PEOPLE: Person[] = [
  // The same person, three times: a rehire, a renamed mailbox, an import from another source.
  { userName: 'jane.doe@example.com', given: 'Jane', family: 'Doe', emails: ['jane.doe@example.com'] },
  { userName: 'jdoe@example.com', given: 'Jane', family: 'Doe', display: 'jane doe', emails: ['Jane.Doe@Example.com'] },
  { userName: 'JANE.DOE@corp.example.com', given: 'JANE', family: 'DOE', display: 'DOE, JANE', emails: ['JANE.DOE@EXAMPLE.COM', 'jane.doe@corp.example.com'], active: false },
  // Equal after Unicode normalization: NFC and NFD spellings of the same name.
  { userName: 'josé.garcía@example.com', given: 'José', family: 'García' },
  { userName: nfd('josé.garcía@example.com'), given: nfd('José'), family: nfd('García'), display: nfd('José García') },
  { userName: 'zoë.brontë@example.com', given: 'Zoë', family: 'Brontë' },
  { userName: nfd('Zoë.Brontë@example.com'), given: nfd('Zoë'), family: nfd('Brontë') },
  // Equal under full case folding but not under toLowerCase.
  { userName: 'strasse.weber@example.com', given: 'Jonas', family: 'Weber', display: 'Jonas Weber (Straße)' },
  { userName: 'straße.weber@example.com', given: 'Jonas', family: 'Weber', display: 'JONAS WEBER', active: false },
  { userName: 'İLKER.ŞAHİN@example.com', given: 'İlker', family: 'Şahin' },
  { userName: 'ilker.sahin@example.com', given: 'Ilker', family: 'Sahin', display: 'ilker sahin' },
  // Full-width letters (equal after NFKC).
  { userName: 'ｋｅｎｊｉ@example.com', given: 'Kenji', family: 'Watanabe', display: 'ｋｅｎｊｉ ｗａｔａｎａｂｅ' },
  { userName: 'kenji@example.com', given: 'Kenji', family: 'Watanabe' },
  // Combining marks, stacked diacritics.
  { userName: 'nguyen.van.anh@example.com', given: nfd('Vân Anh'), family: nfd('Nguyễn'), display: nfd('Nguyễn Vân Anh') },
  { userName: 'z.a.l.g.o@example.com', given: 'Z\u0351\u0307a\u0308\u0301l\u0316g\u0317o\u0358', family: 'Tester', nickName: 'Z̤̈a̐l̖g̗o' },
  { userName: 'anne-marie.o.brien@example.com', given: 'Anne-Marie', family: "O'Brien-Ó Briain" },
  // Right-to-left scripts, and a name mixing directions.
  { userName: 'fatima.alzahra@example.com', given: 'فاطمة', family: 'الزهراء', display: 'فاطمة الزهراء' },
  { userName: 'yael.cohen@example.com', given: 'יעל', family: 'כהן', display: 'Yael כהן (יעל)' },
  { userName: 'omid.rahimi@example.com', given: 'امید', family: 'رحیمی', display: 'امید رحیمی', department: 'پشتیبانی' },
  // Emoji, including ZWJ sequences and flags, in names.
  { userName: 'sam.rocket@example.com', given: 'Sam', family: 'Rivera', display: 'Sam 🚀 Rivera', nickName: '🚀' },
  { userName: 'dev.family@example.com', given: 'Priya', family: 'Nair', display: 'Priya 👩🏽‍💻 Nair', nickName: '👩🏽‍💻🇮🇳' },
  // Other scripts.
  { userName: 'wang.xiuying@example.com', given: '秀英', family: '王', display: '王秀英' },
  { userName: 'ananya.iyer@example.com', given: 'अनन्या', family: 'अय्यर', display: 'अनन्या अय्यर' },
  { userName: 'dmitri.volkov@example.com', given: 'Дмитрий', family: 'Волков', display: 'Дмитрий Волков' },
  { userName: 'odysseas@example.com', given: 'ΟΔΥΣΣΕΥΣ', family: 'Παπαδόπουλος', display: 'Οδυσσεύς Παπαδόπουλος' },
  // Missing pieces: no name, no email, a very long display name.
  { userName: 'svc-backup' },
  { userName: 'contractor.0042@example.com', given: 'Alex', family: 'Kim', emails: [] },
  { userName: 'maria.long@example.com', given: 'María de los Ángeles', family: 'Fernández de Córdoba y Álvarez de Toledo', display: 'María de los Ángeles Fernández de Córdoba y Álvarez de Toledo, Duquesa (Ventas, EMEA, temporary assignment 2024–2026)' },
  // Deactivated users still in groups.
  { userName: 'leaver.one@example.com', given: 'Lee', family: 'Vermont', active: false },
  { userName: 'leaver.two@example.com', given: 'Robin', family: 'Hale', active: false },
  { userName: 'leaver.three@example.com', given: 'Chris', family: 'Park', active: false },
  { userName: 'suspended@example.com', given: 'Taylor', family: 'Quinn', active: false },
  // The ones in every group.
  { userName: 'it.admin@example.com', given: 'Morgan', family: 'Admin', display: 'IT Admin' },
  { userName: 'ceo@example.com', given: 'Dana', family: 'Okafor' },
  { userName: 'helpdesk@example.com', given: 'Help', family: 'Desk', display: 'Helpdesk (shared)' },
];

const EVERYWHERE = ['it.admin@example.com', 'ceo@example.com', 'helpdesk@example.com'];

const GROUPS = [
  'Everyone',
  'Engineering',
  'engineering-legacy',
  'Équipe Paris',
  nfd('Équipe Paris (NFD)'),
  'Sales EMEA',
  'Sales – EMEA',
  'فريق الدعم',
  'צוות מוצר',
  '🦄 Unicorns',
  '👩‍💻 Developers',
  '営業部',
  'Former employees',
  'Contractors',
  'Admins',
  'On-call',
  'Book club 📚',
  'Project Ünïcödé',
  'Empty group',
  'A group whose name goes on and on because nobody ever renamed it after the 2019 reorganisation',
];

function userBody(p: Person, index: number): JsonObject {
  const formatted = [p.given, p.family].filter(Boolean).join(' ');
  const emails = p.emails ?? (p.userName.includes('@') ? [p.userName.toLowerCase()] : []);
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
    userName: p.userName,
    externalId: `00u${String(7000 + index)}messy`,
    ...(p.given || p.family ? { name: { ...(p.given ? { givenName: p.given } : {}), ...(p.family ? { familyName: p.family } : {}), formatted } } : {}),
    ...(p.display || formatted ? { displayName: p.display ?? formatted } : {}),
    ...(p.nickName ? { nickName: p.nickName } : {}),
    ...(emails.length ? { emails: emails.map((value, i) => ({ value, type: i === 0 ? 'work' : 'other', primary: i === 0 })) } : {}),
    active: p.active ?? true,
    [ENTERPRISE]: { employeeNumber: String(7000 + index), ...(p.department ? { department: p.department } : {}) },
  };
}

export function buildMessyDirectory(): Promise<Directory> {
  const random = seededRandom(4242);
  return buildDirectory(4242, async (w) => {
    const ids = new Map<string, string>();
    for (const [i, person] of PEOPLE.entries()) ids.set(person.userName, await w.user(userBody(person, i)));
    const allIds = [...ids.values()];
    const inactive = PEOPLE.filter((p) => p.active === false).map((p) => ids.get(p.userName)!);
    const groupIds: string[] = [];
    for (const [i, displayName] of GROUPS.entries()) {
      let members: string[];
      if (displayName === 'Everyone') members = allIds;
      else if (displayName === 'Empty group') members = [];
      else if (displayName === 'Former employees') members = inactive;
      else members = [...EVERYWHERE.map((u) => ids.get(u)!), ...allIds.filter(() => random() < 0.2)];
      // A nested group: "Admins" also lists the group made just before it ("Contractors").
      if (displayName === 'Admins' && groupIds.length > 0) members = [...members, groupIds[groupIds.length - 1]!];
      groupIds.push(await w.group({ displayName, externalId: `00g${String(700 + i)}messy` }, [...new Set(members)]));
    }
  });
}
