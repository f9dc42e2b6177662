// readCollection gives the import only what it matches: every note's GUID, the cards that have
// answers (each with its note's GUID), and the review log as typed columns in answer order; a
// skipped note's sort field is read back on demand. Checked on a schema-11 collection built here.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA11 } from '../../../src/export/anki/apkg.js';
import { readCollection, revlogOf, sortFieldsOf } from '../../../src/import/anki/package.js';

function collection(): Uint8Array {
  const db = new Database(':memory:');
  db.exec(SCHEMA11);
  db.prepare("INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, '{}', '{}', '{}', '{}', '{}')").run();
  const note = db.prepare("INSERT INTO notes VALUES (?, ?, 1, 0, -1, '', ?, ?, 0, 0, '')");
  // notes inserted out of id order: the GUIDs come back in note id order
  note.run(3, 'guid-c', 'C\x1fc', 'C');
  note.run(1, 'guid-a', 'A\x1fa', 'A');
  note.run(2, 'guid-b', 'B <b>bold</b>\x1fb', 'B bold');
  const card = db.prepare("INSERT INTO cards VALUES (?, ?, 1, ?, 0, -1, 2, 2, 0, 1, 2500, 1, 0, 0, 0, 0, 0, '')");
  card.run(10, 1, 0); // answered
  card.run(20, 2, 0); // never answered: not read
  card.run(21, 2, 1); // answered, second card of note 2
  card.run(40, 4, 0); // answered, but its note is missing: left out, as a card missing altogether
  const rev = db.prepare('INSERT INTO revlog VALUES (?, ?, -1, ?, 1, 0, 2500, ?, ?)');
  rev.run(3000, 21, 4, 7000, 1);
  rev.run(1000, 10, 3, 5000, 0);
  rev.run(2000, 40, 1, 6000, 2);
  rev.run(4000, 99, 2, 8000, 1);
  const bytes = db.serialize();
  db.close();
  return new Uint8Array(bytes);
}

describe('readCollection', () => {
  const file = { format: 'collection.anki21' as const, bytes: collection() };
  const pkg = readCollection(file);

  it('gives every GUID in note order, the answered cards with their GUID, the log in id order', () => {
    expect(pkg.ver).toBe(11);
    expect(pkg.guids).toEqual(['guid-a', 'guid-b', 'guid-c']);
    expect([...pkg.cards].sort((a, b) => a.id - b.id)).toEqual([{ id: 10, ord: 0, guid: 'guid-a' }, { id: 21, ord: 1, guid: 'guid-b' }]);
    expect([...pkg.revlog.id]).toEqual([1000, 2000, 3000, 4000]);
    expect([...pkg.revlog.cid]).toEqual([10, 40, 21, 99]);
    expect([...pkg.revlog.ease]).toEqual([3, 1, 4, 2]);
    expect([...pkg.revlog.time]).toEqual([5000, 6000, 7000, 8000]);
    expect([...pkg.revlog.type]).toEqual([0, 2, 1, 1]);
    expect(pkg.revlog).toEqual(revlogOf([
      { id: 3000, cid: 21, ease: 4, time: 7000, type: 1 }, { id: 1000, cid: 10, ease: 3, time: 5000, type: 0 },
      { id: 4000, cid: 99, ease: 2, time: 8000, type: 1 }, { id: 2000, cid: 40, ease: 1, time: 6000, type: 2 },
    ]));
  });

  it('reads the sort fields of the notes asked for, and only those', () => {
    expect(sortFieldsOf(file, ['guid-b', 'guid-c', 'no-such-guid'])).toEqual(new Map([['guid-b', 'B bold'], ['guid-c', 'C']]));
    expect(sortFieldsOf(file, [])).toEqual(new Map());
  });
});
