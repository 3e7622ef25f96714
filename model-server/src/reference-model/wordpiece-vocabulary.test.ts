import fc from 'fast-check';
import { learnWordPieceVocabulary } from './wordpiece-vocabulary';

describe('learnWordPieceVocabulary', () => {
  it('starts from the alphabet with ## pieces and merges the most frequent pair first', () => {
    const vocabulary = learnWordPieceVocabulary(
      new Map([
        ['tv', 5],
        ['tvs', 3],
        ['cpu', 2],
      ]),
      100,
    );
    expect(vocabulary.slice(0, 6)).toEqual(['##p', '##s', '##u', '##v', 'c', 't']);
    expect(vocabulary[6]).toBe('tv');
    expect(vocabulary).toContain('tvs');
  });

  it('stops at the vocabulary size and never merges pairs seen fewer than minFrequency times', () => {
    const words = new Map([
      ['freezer', 4],
      ['fridge', 4],
      ['rare', 1],
    ]);
    expect(learnWordPieceVocabulary(words, 12)).toHaveLength(12);
    expect(learnWordPieceVocabulary(words, 1000, 2)).not.toContain('rare');
  });

  it('does not depend on the order the words arrive in (ties are broken by spelling)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-d]{1,6}$/), fc.integer({ min: 1, max: 4 })), {
          selector: ([word]) => word,
          minLength: 1,
          maxLength: 30,
        }),
        (entries) => {
          const forward = learnWordPieceVocabulary(new Map(entries), 40);
          const backward = learnWordPieceVocabulary(new Map([...entries].reverse()), 40);
          expect(backward).toEqual(forward);
        },
      ),
      { numRuns: 50 },
    );
  });
});
