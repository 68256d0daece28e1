// leerpad knowledge checks (a classic script, so it also runs from file://): grades the quiz forms that src/content/blocks/quiz.rs renders.
//
// Owns: grading (grade, message: DOM-free, tested by node) and the form's behaviour: showing the
// feedback of the chosen answers, announcing the result, retrying, and the `quiz:answered` event.
// Does not: store progress (the progress module listens for `quiz:answered`) or set inline
// styles (strict CSP): it only toggles `hidden` and classes.
//
// HTML contract (see quiz.rs): form.quiz[data-quiz][data-quiz-key][data-text-*] >
//   .quiz-option > input + p.quiz-feedback[data-correct][hidden] > .quiz-feedback-text,
//   p.quiz-explanation[hidden], .quiz-actions[hidden], p.quiz-result[role=status],
//   details.quiz-answer (the no-JavaScript answer; CSS hides it once .quiz-enhanced is set).

(function (global) {
  'use strict';

  /**
   * Grades a choice. `answers` is [{correct: boolean}], `chosen` the 0-based indices picked.
   * Right means every correct answer and no wrong one was picked.
   * @returns {{answered: boolean, correct: boolean, right: number[], wrong: number[], missed: number[]}}
   */
  function grade(answers, chosen) {
    const picked = new Set(
      (chosen || []).filter((i) => Number.isInteger(i) && i >= 0 && i < answers.length),
    );
    const right = [];
    const wrong = [];
    const missed = [];
    answers.forEach((answer, i) => {
      if (picked.has(i)) (answer.correct ? right : wrong).push(i);
      else if (answer.correct) missed.push(i);
    });
    const answered = picked.size > 0;
    return { answered, correct: answered && wrong.length === 0 && missed.length === 0, right, wrong, missed };
  }

  /**
   * The sentence for the status element: the verdict, a hint when only right answers were picked
   * but not all of them, then the feedback of the chosen answers.
   * `texts` holds correct, wrong, choose and missed.
   */
  function message(result, texts, feedback = []) {
    if (!result.answered) return texts.choose || '';
    const sentence = (text) => (/[.!?]$/.test(text) ? text : `${text}.`);
    const parts = [sentence(result.correct ? texts.correct : texts.wrong)];
    if (result.wrong.length === 0 && result.missed.length > 0 && texts.missed) parts.push(sentence(texts.missed));
    for (const text of feedback) if (text) parts.push(sentence(text.trim()));
    return parts.join(' ');
  }

  /** Makes one quiz form interactive. Safe to call twice. */
  function enhance(form) {
    if (form.classList.contains('quiz-enhanced')) return;
    const options = [...form.querySelectorAll('.quiz-option')];
    const inputs = options.map((option) => option.querySelector('input'));
    const feedback = options.map((option) => option.querySelector('.quiz-feedback'));
    const answers = feedback.map((element) => ({ correct: element?.dataset.correct === 'true' }));
    const status = form.querySelector('.quiz-result');
    const explanation = form.querySelector('.quiz-explanation');
    const actions = form.querySelector('.quiz-actions');
    const texts = {
      correct: form.dataset.textCorrect || '',
      wrong: form.dataset.textWrong || '',
      choose: form.dataset.textChoose || '',
      missed: form.dataset.textMissed || '',
    };
    let timer = 0;

    const announce = (text) => {
      if (!status) return;
      // Emptying first makes a screen reader announce the same verdict again after a retry.
      status.textContent = '';
      clearTimeout(timer);
      if (text) timer = setTimeout(() => { status.textContent = text; }, 100);
    };
    const clear = () => {
      feedback.forEach((element) => { if (element) element.hidden = true; });
      options.forEach((option) => option.classList.remove('is-right', 'is-wrong'));
      if (explanation) explanation.hidden = true;
      form.classList.remove('quiz-is-correct', 'quiz-is-wrong');
    };

    form.classList.add('quiz-enhanced');
    if (actions) actions.hidden = false;

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clear();
      const chosen = inputs.flatMap((input, i) => (input && input.checked ? [i] : []));
      const result = grade(answers, chosen);
      const chosenFeedback = chosen.map((i) => feedback[i]?.querySelector('.quiz-feedback-text')?.textContent || '');
      announce(message(result, texts, chosenFeedback));
      if (!result.answered) {
        inputs[0]?.focus();
        return;
      }
      for (const i of chosen) {
        if (feedback[i]) feedback[i].hidden = false;
        options[i].classList.add(answers[i].correct ? 'is-right' : 'is-wrong');
      }
      if (explanation) explanation.hidden = false;
      form.classList.add(result.correct ? 'quiz-is-correct' : 'quiz-is-wrong');
      form.dispatchEvent(new CustomEvent('quiz:answered', {
        bubbles: true,
        // chosen and right: the values of the answers (1-based, in the order shown), for scorm.js.
        detail: {
          key: form.dataset.quizKey || form.id,
          correct: result.correct,
          chosen: chosen.map((i) => inputs[i].value),
          right: answers.flatMap((answer, i) => (answer.correct && inputs[i] ? [inputs[i].value] : [])),
        },
      }));
    });

    form.addEventListener('reset', () => {
      clear();
      announce('');
      // The reset event fires before the controls are cleared; move focus once they are.
      setTimeout(() => inputs[0]?.focus(), 0);
    });

    // Feedback for an earlier choice would mislead once the choice changes.
    form.addEventListener('change', () => {
      if (form.classList.contains('quiz-is-correct') || form.classList.contains('quiz-is-wrong')) {
        clear();
        announce('');
      }
    });
  }

  /** Enhances every quiz under `root`, and opens the answers for printing. */
  function init(root = document) {
    root.querySelectorAll('form[data-quiz]').forEach(enhance);
  }

  // Paper cannot click: print the quiz answers and the chart tables opened.
  function openAnswersForPrint() {
    for (const details of document.querySelectorAll('details.quiz-answer:not([open]), details.chart-data:not([open])')) {
      details.open = true;
      details.dataset.printOpened = '';
    }
  }

  function closeAnswersAfterPrint() {
    for (const details of document.querySelectorAll('details[data-print-opened]')) {
      details.open = false;
      delete details.dataset.printOpened;
    }
  }

  const api = { grade, message, enhance, init };
  if (typeof module === 'object' && module.exports) {
    module.exports = api; // node tests
    return;
  }
  global.LeerpadQuiz = api;
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => init());
    else init();
    window.addEventListener('beforeprint', openAnswersForPrint);
    window.addEventListener('afterprint', closeAnswersAfterPrint);
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
