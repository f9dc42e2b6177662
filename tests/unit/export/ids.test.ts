import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BASE91, base91, csum, decodeEntities, fieldChecksum, guidFor, HTML4_ENTITIES, sfld, stableId, stripHtmlPreservingMediaFilenames,
} from '../../../src/export/anki/ids.js';
import { escapeHtml } from '../../../src/export/anki/fields.js';

describe('csum (rslib notes/mod.rs field_checksum)', () => {
  it('matches Anki\'s test vectors', () => {
    expect(fieldChecksum('test')).toBe(2840236005);
    expect(fieldChecksum('今日')).toBe(1464653051);
  });

  it('hashes the first field with HTML stripped', () => {
    expect(csum('<b>test</b>')).toBe(2840236005);
    expect(csum('te<!-- x -->st')).toBe(2840236005);
    // int(sha1("A square matrix").hexdigest()[:8], 16), computed with Python
    expect(csum('A <i>square</i> matrix')).toBe(659341500);
  });
});

describe('stripping (rslib text.rs)', () => {
  it('strips tags, comments, style and script, as Anki\'s tests', () => {
    expect(stripHtmlPreservingMediaFilenames('test')).toBe('test');
    expect(stripHtmlPreservingMediaFilenames('t<b>e</b>st')).toBe('test');
    expect(stripHtmlPreservingMediaFilenames('so<SCRIPT>t<b>e</b>st</script>me')).toBe('some');
    expect(stripHtmlPreservingMediaFilenames('a<style>.x{}</style>b')).toBe('ab');
  });

  it('keeps media file names, padded with spaces', () => {
    expect(stripHtmlPreservingMediaFilenames('<img src=foo.jpg>')).toBe(' foo.jpg ');
    expect(stripHtmlPreservingMediaFilenames("<img src='foo.jpg'><html>")).toBe(' foo.jpg ');
    expect(stripHtmlPreservingMediaFilenames('<audio src="a b.mp3" controls>x')).toBe(' a b.mp3 x');
    expect(stripHtmlPreservingMediaFilenames('<object data="d.svg"></object>')).toBe(' d.svg ');
  });

  it('decodes HTML 4 entities strictly, NBSP to space, no trimming', () => {
    expect(decodeEntities('a &lt; b &amp;&amp; c &gt; d &quot;e&quot; &#36;5 &#x41; &eacute;')).toBe('a < b && c > d "e" $5 A é');
    expect(decodeEntities('x&nbsp;y')).toBe('x y');
    expect(decodeEntities('AT&T &lt;')).toBe('AT&T &lt;'); // malformed: left undecoded, as htmlescape errors
    expect(decodeEntities('&bogus; &lt;')).toBe('&bogus; &lt;');
    expect(decodeEntities('&lt')).toBe('&lt');
    expect(sfld('  <b>x</b>  ')).toBe('  x  ');
  });

  it('knows the 252 HTML 4 entities', () => {
    expect(HTML4_ENTITIES.size).toBe(252);
    expect(HTML4_ENTITIES.get('nbsp')).toBe(160);
    expect(HTML4_ENTITIES.get('yuml')).toBe(255);
    expect(HTML4_ENTITIES.get('Omega')).toBe(937);
    expect(HTML4_ENTITIES.get('sigmaf')).toBe(962);
    expect(HTML4_ENTITIES.get('diams')).toBe(9830);
  });

  it('gives back any text after escaping it (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      const text = s.replace(/\u00a0/g, ' ');
      expect(stripHtmlPreservingMediaFilenames(escapeHtml(text))).toBe(text);
    }));
  });
});

describe('guid', () => {
  it('is genanki\'s guid_for: base91 of the first 8 bytes of sha256', () => {
    // vectors from genanki's util.guid_for (Python)
    expect(guidFor('x')).toBe('h7CGD6+OW_');
    expect(guidFor('a')).toBe('IkF(BOZ;]l');
    expect(guidFor('deepcards:basic:cnn.conv-output-size')).toBe('q(}xHCD}*k');
  });

  it('equals base91 of the BigInt u64 (the fast path agrees with the plain one, property)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(guidFor(s)).toBe(base91(createHash('sha256').update(s, 'utf8').digest().readBigUInt64BE(0)));
    }), { numRuns: 2000 });
  });

  it('uses the base91 alphabet, at most 10 characters, no whitespace', () => {
    expect(BASE91).toHaveLength(91);
    expect(new Set(BASE91).size).toBe(91);
    expect(base91(0n)).toBe('a');
    expect(base91(90n)).toBe('~');
    expect(base91(91n)).toBe('ba');
    fc.assert(fc.property(fc.string(), (s) => {
      const g = guidFor(s);
      expect(g.length).toBeGreaterThan(0);
      expect(g.length).toBeLessThanOrEqual(10);
      expect([...g].every((c) => BASE91.includes(c))).toBe(true);
    }));
  });
});

describe('stableId', () => {
  it('is a 13-digit id in the past, the same for the same name', () => {
    const id = stableId('deck:Deep Learning');
    expect(id).toBe(stableId('deck:Deep Learning'));
    expect(id).not.toBe(stableId('deck:Deep Learning::CNN'));
    fc.assert(fc.property(fc.string(), (s) => {
      const x = stableId(s);
      expect(Number.isSafeInteger(x)).toBe(true);
      expect(String(x)).toHaveLength(13);
      expect(x).toBeLessThan(Date.parse('2018-01-01'));
    }));
  });
});
