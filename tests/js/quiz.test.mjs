// Unit tests for the quiz core: `node --test tests/js/`.
//
// Only the DOM-free part (grade, message) runs here; the browser tests drive the form itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import quiz from '../../themes/default/static/js/quiz.js';

const { grade, message } = quiz;

const SINGLE = [{ correct: false }, { correct: true }, { correct: false }];
const MULTIPLE = [{ correct: true }, { correct: false }, { correct: true }];
const TEXTS = {
  correct: 'Juist',
  wrong: 'Niet juist',
  choose: 'Kies eerst een antwoord.',
  missed: 'Je hebt nog niet alle juiste antwoorden gekozen',
};

test('single choice: the right answer is correct', () => {
  assert.deepEqual(grade(SINGLE, [1]), {
    answered: true, correct: true, right: [1], wrong: [], missed: [],
  });
});

test('single choice: a wrong answer is not correct and names what was missed', () => {
  assert.deepEqual(grade(SINGLE, [0]), {
    answered: true, correct: false, right: [], wrong: [0], missed: [1],
  });
});

test('multiple choice: all right answers and no wrong one are needed', () => {
  assert.equal(grade(MULTIPLE, [0, 2]).correct, true);
  assert.equal(grade(MULTIPLE, [2, 0]).correct, true);
  assert.equal(grade(MULTIPLE, [0]).correct, false);
  assert.deepEqual(grade(MULTIPLE, [0]).missed, [2]);
  assert.equal(grade(MULTIPLE, [0, 1, 2]).correct, false);
  assert.deepEqual(grade(MULTIPLE, [0, 1, 2]).wrong, [1]);
});

test('nothing chosen is not answered and not correct', () => {
  assert.deepEqual(grade(SINGLE, []), {
    answered: false, correct: false, right: [], wrong: [], missed: [1],
  });
  assert.equal(grade(SINGLE, undefined).answered, false);
});

test('indices out of range, duplicates and non-integers are ignored', () => {
  assert.deepEqual(grade(SINGLE, [1, 1, 7, -1, 0.5, '1']), {
    answered: true, correct: true, right: [1], wrong: [], missed: [],
  });
  assert.equal(grade(SINGLE, [9]).answered, false);
});

test('message: verdict, then the feedback of the chosen answers', () => {
  assert.equal(message(grade(SINGLE, [1]), TEXTS, ['Samen zie je meer.']), 'Juist. Samen zie je meer.');
  assert.equal(message(grade(SINGLE, [0]), TEXTS, ['Alleen bij acuut gevaar']), 'Niet juist. Alleen bij acuut gevaar.');
});

test('message: a partly right multiple choice says answers were missed', () => {
  assert.equal(
    message(grade(MULTIPLE, [0]), TEXTS, ['Ja!']),
    'Niet juist. Je hebt nog niet alle juiste antwoorden gekozen. Ja!',
  );
});

test('message: asks for a choice when nothing is chosen', () => {
  assert.equal(message(grade(SINGLE, []), TEXTS), 'Kies eerst een antwoord.');
  assert.equal(message(grade(SINGLE, []), {}), '');
});

test('message: a wrong pick gets no "missed" hint, its feedback says enough', () => {
  assert.equal(message(grade(MULTIPLE, [0, 1]), TEXTS, ['Ja', 'Nee']), 'Niet juist. Ja. Nee.');
});
