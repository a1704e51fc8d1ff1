import { describe, expect, it } from 'vitest';
import { displayName, UNTITLED } from '../src/ui/documents.ts';

describe('the name a document is listed by', () => {
  it('is the first line of an untitled document, trimmed and shortened, and its own name once it has one', () => {
    expect(displayName({ name: UNTITLED, text: '\n  Cisplatin nephrotoxicity in children \r\nAbstract text.' })).toBe('Cisplatin nephrotoxicity in children');
    expect(displayName({ name: UNTITLED, text: '' })).toBe(UNTITLED);
    expect(displayName({ name: UNTITLED, text: ' \n \n' })).toBe(UNTITLED);
    expect(displayName({ name: 'notes.txt', text: 'First line' })).toBe('notes.txt');
    const long = displayName({ name: UNTITLED, text: `${'😀'.repeat(30)} ${'word '.repeat(20)}` });
    expect(Array.from(long)).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
    expect(long.startsWith('😀'.repeat(30))).toBe(true); // cut by code points, never inside a surrogate pair
  });
});
