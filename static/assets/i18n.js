// The strings participants and the big screen see, in the four session
// languages. One dictionary per language with the same keys; English is the
// fallback for a missing key. "{n}" is replaced by a number; a key with a
// "_one" variant is used when n is 1.

export const LANGUAGES = ['sv', 'nb', 'da', 'en'];

export const LANGUAGE_NAMES = {
  sv: 'Svenska',
  nb: 'Norsk bokmål',
  da: 'Dansk',
  en: 'English',
};

const STRINGS = {
  en: {
    unsupported: 'This kind of question cannot be answered on this page yet.',
    joinHeading: 'Join a session',
    codeLabel: 'Code',
    codeHint: 'The 6–8 digits shown on the big screen',
    codeInvalid: 'Enter the 6–8 digit code from the big screen.',
    nameLabel: 'Nickname (optional)',
    joinButton: 'Join',
    joining: 'Joining…',
    leave: 'Leave',
    connected: 'Connected',
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
    offlineHint: 'No connection. Your answer is sent when the connection is back.',
    waiting: 'Waiting for the next question…',
    waitingHint: 'Keep this page open. The question appears here by itself.',
    newQuestion: 'New question: {q}',
    send: 'Send',
    update: 'Send again',
    sending: 'Sending…',
    received: 'Answer received',
    changeHint: 'You can change your answer until the question closes.',
    locked: 'Answers are closed for this question.',
    chooseOne: 'Choose one',
    chooseMany: 'Choose one or more',
    wordLabel: 'Word {n}',
    wordHint_one: 'Write a word or a short phrase.',
    wordHint: 'Write up to {n} words or short phrases.',
    pickFirst: 'Choose an answer first.',
    writeFirst: 'Write at least one word first.',
    results: 'Results',
    responses_one: '{n} response',
    responses: '{n} responses',
    participants_one: '{n} participant',
    participants: '{n} participants',
    noAnswers: 'No answers yet',
    goTo: 'Go to',
    enterCode: 'and enter the code',
    scanQr: 'or scan the QR code',
    qrAlt: 'QR code that opens the session on a phone',
    closed: 'Answers closed',
    fullscreen: 'Full screen',
    screenLinkBroken: 'This big-screen link is incomplete. Open it again from the facilitator page.',
    screenForbidden: 'This big-screen link is no longer valid. Open it again from the facilitator page.',
    err_locked: 'Answers are closed for this question.',
    err_invalid_answer: 'That answer was not accepted. Check it and try again.',
    err_not_current: 'This question is no longer open.',
    err_unknown_session: 'No session has that code. Check the digits.',
    err_rate_limited: 'Too many attempts. Wait a moment and try again.',
    err_too_large: 'Your answer is too long.',
    err_bad_request: 'Something went wrong. Try again.',
    err_unavailable: 'The service is busy. Try again in a moment.',
    err_generic: 'Something went wrong. Try again.',
  },
  sv: {
    unsupported: 'Den här typen av fråga kan inte besvaras här ännu.',
    joinHeading: 'Gå med i en session',
    codeLabel: 'Kod',
    codeHint: 'De 6–8 siffrorna som visas på storbildsskärmen',
    codeInvalid: 'Skriv in den 6–8-siffriga koden från skärmen.',
    nameLabel: 'Smeknamn (valfritt)',
    joinButton: 'Gå med',
    joining: 'Ansluter…',
    leave: 'Lämna',
    connected: 'Ansluten',
    connecting: 'Ansluter…',
    reconnecting: 'Ansluter igen…',
    offline: 'Offline',
    offlineHint: 'Ingen anslutning. Ditt svar skickas när anslutningen är tillbaka.',
    waiting: 'Väntar på nästa fråga…',
    waitingHint: 'Låt sidan vara öppen. Frågan visas här av sig själv.',
    newQuestion: 'Ny fråga: {q}',
    send: 'Skicka',
    update: 'Skicka igen',
    sending: 'Skickar…',
    received: 'Svaret är mottaget',
    changeHint: 'Du kan ändra ditt svar tills frågan stängs.',
    locked: 'Svaren är stängda för den här frågan.',
    chooseOne: 'Välj ett alternativ',
    chooseMany: 'Välj ett eller flera',
    wordLabel: 'Ord {n}',
    wordHint_one: 'Skriv ett ord eller en kort fras.',
    wordHint: 'Skriv upp till {n} ord eller korta fraser.',
    pickFirst: 'Välj ett svar först.',
    writeFirst: 'Skriv minst ett ord först.',
    results: 'Resultat',
    responses_one: '{n} svar',
    responses: '{n} svar',
    participants_one: '{n} deltagare',
    participants: '{n} deltagare',
    noAnswers: 'Inga svar ännu',
    goTo: 'Gå till',
    enterCode: 'och skriv in koden',
    scanQr: 'eller skanna QR-koden',
    qrAlt: 'QR-kod som öppnar sessionen i mobilen',
    closed: 'Svaren är stängda',
    fullscreen: 'Helskärm',
    screenLinkBroken: 'Länken till storbildsskärmen är ofullständig. Öppna den igen från moderatorsidan.',
    screenForbidden: 'Länken till storbildsskärmen gäller inte längre. Öppna den igen från moderatorsidan.',
    err_locked: 'Svaren är stängda för den här frågan.',
    err_invalid_answer: 'Svaret godtogs inte. Kontrollera det och försök igen.',
    err_not_current: 'Den här frågan är inte längre öppen.',
    err_unknown_session: 'Det finns ingen session med den koden. Kontrollera siffrorna.',
    err_rate_limited: 'För många försök. Vänta en stund och försök igen.',
    err_too_large: 'Ditt svar är för långt.',
    err_bad_request: 'Något gick fel. Försök igen.',
    err_unavailable: 'Tjänsten är upptagen. Försök igen om en stund.',
    err_generic: 'Något gick fel. Försök igen.',
  },
  nb: {
    unsupported: 'Denne typen spørsmål kan ikke besvares her ennå.',
    joinHeading: 'Bli med i en økt',
    codeLabel: 'Kode',
    codeHint: 'De 6–8 sifrene som vises på storskjermen',
    codeInvalid: 'Skriv inn den 6–8-sifrede koden fra skjermen.',
    nameLabel: 'Kallenavn (valgfritt)',
    joinButton: 'Bli med',
    joining: 'Kobler til…',
    leave: 'Forlat',
    connected: 'Tilkoblet',
    connecting: 'Kobler til…',
    reconnecting: 'Kobler til igjen…',
    offline: 'Frakoblet',
    offlineHint: 'Ingen forbindelse. Svaret ditt sendes når forbindelsen er tilbake.',
    waiting: 'Venter på neste spørsmål…',
    waitingHint: 'La siden være åpen. Spørsmålet dukker opp her av seg selv.',
    newQuestion: 'Nytt spørsmål: {q}',
    send: 'Send',
    update: 'Send igjen',
    sending: 'Sender…',
    received: 'Svaret er mottatt',
    changeHint: 'Du kan endre svaret ditt til spørsmålet lukkes.',
    locked: 'Svarene er stengt for dette spørsmålet.',
    chooseOne: 'Velg ett alternativ',
    chooseMany: 'Velg ett eller flere',
    wordLabel: 'Ord {n}',
    wordHint_one: 'Skriv et ord eller et kort uttrykk.',
    wordHint: 'Skriv opptil {n} ord eller korte uttrykk.',
    pickFirst: 'Velg et svar først.',
    writeFirst: 'Skriv minst ett ord først.',
    results: 'Resultater',
    responses_one: '{n} svar',
    responses: '{n} svar',
    participants_one: '{n} deltaker',
    participants: '{n} deltakere',
    noAnswers: 'Ingen svar ennå',
    goTo: 'Gå til',
    enterCode: 'og skriv inn koden',
    scanQr: 'eller skann QR-koden',
    qrAlt: 'QR-kode som åpner økten på mobilen',
    closed: 'Svarene er stengt',
    fullscreen: 'Fullskjerm',
    screenLinkBroken: 'Lenken til storskjermen er ufullstendig. Åpne den på nytt fra tilretteleggersiden.',
    screenForbidden: 'Lenken til storskjermen er ikke lenger gyldig. Åpne den på nytt fra tilretteleggersiden.',
    err_locked: 'Svarene er stengt for dette spørsmålet.',
    err_invalid_answer: 'Svaret ble ikke godtatt. Sjekk det og prøv igjen.',
    err_not_current: 'Dette spørsmålet er ikke lenger åpent.',
    err_unknown_session: 'Ingen økt har den koden. Sjekk sifrene.',
    err_rate_limited: 'For mange forsøk. Vent litt og prøv igjen.',
    err_too_large: 'Svaret ditt er for langt.',
    err_bad_request: 'Noe gikk galt. Prøv igjen.',
    err_unavailable: 'Tjenesten er opptatt. Prøv igjen om litt.',
    err_generic: 'Noe gikk galt. Prøv igjen.',
  },
  da: {
    unsupported: 'Denne type spørgsmål kan ikke besvares her endnu.',
    joinHeading: 'Deltag i en session',
    codeLabel: 'Kode',
    codeHint: 'De 6–8 cifre, der vises på storskærmen',
    codeInvalid: 'Indtast den 6–8-cifrede kode fra skærmen.',
    nameLabel: 'Kaldenavn (valgfrit)',
    joinButton: 'Deltag',
    joining: 'Forbinder…',
    leave: 'Forlad',
    connected: 'Forbundet',
    connecting: 'Forbinder…',
    reconnecting: 'Forbinder igen…',
    offline: 'Offline',
    offlineHint: 'Ingen forbindelse. Dit svar sendes, når forbindelsen er tilbage.',
    waiting: 'Venter på næste spørgsmål…',
    waitingHint: 'Hold siden åben. Spørgsmålet dukker op her af sig selv.',
    newQuestion: 'Nyt spørgsmål: {q}',
    send: 'Send',
    update: 'Send igen',
    sending: 'Sender…',
    received: 'Svaret er modtaget',
    changeHint: 'Du kan ændre dit svar, indtil spørgsmålet lukkes.',
    locked: 'Der er lukket for svar på dette spørgsmål.',
    chooseOne: 'Vælg én mulighed',
    chooseMany: 'Vælg en eller flere',
    wordLabel: 'Ord {n}',
    wordHint_one: 'Skriv et ord eller et kort udtryk.',
    wordHint: 'Skriv op til {n} ord eller korte udtryk.',
    pickFirst: 'Vælg et svar først.',
    writeFirst: 'Skriv mindst ét ord først.',
    results: 'Resultater',
    responses_one: '{n} svar',
    responses: '{n} svar',
    participants_one: '{n} deltager',
    participants: '{n} deltagere',
    noAnswers: 'Ingen svar endnu',
    goTo: 'Gå til',
    enterCode: 'og indtast koden',
    scanQr: 'eller scan QR-koden',
    qrAlt: 'QR-kode, der åbner sessionen på mobilen',
    closed: 'Lukket for svar',
    fullscreen: 'Fuld skærm',
    screenLinkBroken: 'Linket til storskærmen er ufuldstændigt. Åbn det igen fra facilitatorsiden.',
    screenForbidden: 'Linket til storskærmen er ikke længere gyldigt. Åbn det igen fra facilitatorsiden.',
    err_locked: 'Der er lukket for svar på dette spørgsmål.',
    err_invalid_answer: 'Svaret blev ikke godtaget. Tjek det, og prøv igen.',
    err_not_current: 'Dette spørgsmål er ikke længere åbent.',
    err_unknown_session: 'Der er ingen session med den kode. Tjek cifrene.',
    err_rate_limited: 'For mange forsøg. Vent et øjeblik, og prøv igen.',
    err_too_large: 'Dit svar er for langt.',
    err_bad_request: 'Noget gik galt. Prøv igen.',
    err_unavailable: 'Tjenesten er optaget. Prøv igen om et øjeblik.',
    err_generic: 'Noget gik galt. Prøv igen.',
  },
};

// normalizeLanguage maps a BCP 47 tag to one of LANGUAGES, or null.
export function normalizeLanguage(tag) {
  if (!tag) return null;
  const primary = String(tag).toLowerCase().split(/[-_]/)[0];
  if (primary === 'no' || primary === 'nn' || primary === 'nb') return 'nb';
  return LANGUAGES.includes(primary) ? primary : null;
}

// browserLanguage is the first of the browser's languages that Ting speaks.
export function browserLanguage() {
  const tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const lang = normalizeLanguage(tag);
    if (lang) return lang;
  }
  return 'en';
}

// translator returns t(key, vars) for one language.
export function translator(lang) {
  const dict = STRINGS[normalizeLanguage(lang) || 'en'];
  return function t(key, vars = {}) {
    let k = key;
    if (vars.n === 1 && ((dict[key + '_one'] ?? STRINGS.en[key + '_one']) !== undefined)) k = key + '_one';
    let s = dict[k] ?? STRINGS.en[k] ?? key;
    for (const [name, value] of Object.entries(vars)) {
      s = s.split('{' + name + '}').join(String(value));
    }
    return s;
  };
}

// applyStatic fills every [data-i18n] element's text (and [data-i18n-alt],
// [data-i18n-aria-label]) under root.
export function applyStatic(root, t) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-alt]')) node.alt = t(node.dataset.i18nAlt);
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  }
}
