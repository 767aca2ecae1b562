// A small reader for the sh(1) scripts the importer accepts (vmrun-style scripts, tshyve's own
// run.sh and host-setup.sh): words with quoting and line continuations, comments, command
// separators, redirections and quoted here-documents. No expansion is performed.

export interface ShellRedirect {
  op: string;
  target: string;
}

export interface ShellCommand {
  words: string[];
  redirects: ShellRedirect[];
  heredoc?: string;
}

const KEYWORDS = new Set(['{', '}', '(', ')', 'then', 'else', 'do', 'elif', '!', 'if', 'while', 'until']);

/** Splits a script into simple commands; shell keywords in front of a command are dropped. */
export function parseShellCommands(text: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let redirects: ShellRedirect[] = [];
  const pendingHeredocs: { delimiter: string; command: ShellCommand | undefined; strip: boolean }[] = [];
  let heredocOwner: ShellRedirect[] | undefined;
  let word = '';
  let inWord = false;
  const finishWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const finishCommand = () => {
    finishWord();
    while (words.length && KEYWORDS.has(words[0]!)) words.shift();
    while (words.length && words[words.length - 1] === '}') words.pop();
    const command: ShellCommand | undefined = words.length || redirects.length ? { words, redirects } : undefined;
    if (command) commands.push(command);
    for (const h of pendingHeredocs) if (h.command === undefined && heredocOwner === redirects) h.command = command;
    words = [];
    redirects = [];
  };
  let i = 0;
  const readTarget = (): string => {
    while (text[i] === ' ' || text[i] === '\t') i++;
    let target = '';
    while (i < text.length && !/[\s;&|<>()]/.test(text[i]!)) {
      const c = text[i]!;
      if (c === "'" || c === '"') {
        const end = text.indexOf(c, i + 1);
        target += text.slice(i + 1, end < 0 ? text.length : end);
        i = end < 0 ? text.length : end + 1;
      } else {
        target += c;
        i++;
      }
    }
    return target;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\') {
      word += text[i + 1] ?? '';
      inWord = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? text.length : end);
      inWord = true;
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      inWord = true;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && /[$`"\\\n]/.test(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else word += text[i++];
      }
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '<' || c === '>') {
      const fd = /^[0-9]+$/.test(word) ? word : '';
      if (fd) {
        word = '';
        inWord = false;
      } else finishWord();
      let op = c;
      i++;
      if (text[i] === c || text[i] === '&') op += text[i++];
      if (op === '<<' && text[i] === '-') {
        op += '-';
        i++;
      }
      const target = readTarget();
      redirects.push({ op: fd + op, target });
      if (op.startsWith('<<')) {
        pendingHeredocs.push({ delimiter: target, command: undefined, strip: op === '<<-' });
        heredocOwner = redirects;
      }
      continue;
    }
    if (c === '\n') {
      finishCommand();
      i++;
      // Here-document bodies start on the line after their command.
      for (const h of pendingHeredocs.splice(0)) {
        const body: string[] = [];
        while (i < text.length) {
          const end = text.indexOf('\n', i);
          const line = text.slice(i, end < 0 ? text.length : end);
          i = end < 0 ? text.length : end + 1;
          const check = h.strip ? line.replace(/^\t+/, '') : line;
          if (check === h.delimiter) break;
          body.push(check);
        }
        if (h.command) h.command.heredoc = body.length ? body.join('\n') + '\n' : '';
      }
      continue;
    }
    if (c === ';' || c === '&' || c === '|') {
      finishCommand();
      i++;
      while (text[i] === c) i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      finishWord();
      i++;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  finishCommand();
  return commands;
}

/** The words of a one-line command as sh would split them (for `tshyve import bhyve -- "..."`). */
export function splitShellWords(text: string): string[] {
  return parseShellCommands(text).flatMap((c) => c.words);
}
