import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

interface LanguageConfiguration {
  comments: { lineComment: string };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  folding: { markers: { start: string; end: string } };
  wordPattern: string;
}

const file = path.join(repoRoot, 'language-configuration.json');
// VS Code reads this file as JSON with comments; plain JSON keeps it readable by this test too.
const config = JSON.parse(fs.readFileSync(file, 'utf8')) as LanguageConfiguration;

/** The words VS Code would see in `line`, as it applies wordPattern globally. */
function words(line: string): string[] {
  return [...line.matchAll(new RegExp(config.wordPattern, 'g'))].map((m) => m[0]);
}

describe('language-configuration.json', () => {
  it('is what package.json points the nginx language at', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { languages: { id: string; configuration?: string }[] };
    };
    const nginx = pkg.contributes.languages.find((l) => l.id === 'nginx');
    assert.ok(nginx?.configuration, 'package.json declares no configuration for the nginx language');
    assert.equal(path.resolve(repoRoot, nginx.configuration), file);
  });

  it('comments with # and pairs braces, parentheses and quotes', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets[0], ['{', '}']);
    const opens = config.autoClosingPairs.map((p) => p.open);
    for (const open of ['{', '"', "'"]) assert.ok(opens.includes(open), `no auto-closing pair for ${open}`);
    for (const p of config.autoClosingPairs) {
      assert.deepEqual(p.notIn, ['string', 'comment'], `${p.open} must not auto-close inside strings or comments`);
    }
    assert.ok(config.surroundingPairs.some(([a, b]) => a === '"' && b === '"'));
  });

  it('indents after an opening brace and outdents on a closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ['http {', '    location ~ "^/a{2}$" {', 'server {  # public', 'upstream ws {']) {
      assert.ok(increase.test(line), `should indent after: ${line}`);
    }
    for (const line of ['    location / { return 204; }', '# http {', '    proxy_pass http://ws;', "log_format j '{"]) {
      assert.ok(!increase.test(line), `should not indent after: ${line}`);
    }
    assert.ok(decrease.test('    }'));
    assert.ok(decrease.test('}  # end of http'));
    assert.ok(!decrease.test('    return 200 "}";'));
  });

  it('folds # region / # endregion markers', () => {
    assert.ok(new RegExp(config.folding.markers.start).test('    # region upstreams'));
    assert.ok(new RegExp(config.folding.markers.end).test('    #endregion'));
    assert.ok(!new RegExp(config.folding.markers.start).test('    # regional servers'));
  });

  it('keeps variables and directive names whole, and stops at URL punctuation', () => {
    assert.deepEqual(words('    proxy_set_header Connection $connection_upgrade;'), [
      'proxy_set_header',
      'Connection',
      '$connection_upgrade',
    ]);
    assert.deepEqual(words('set $a ${b}c;'), ['set', '$a', '${b}', 'c']);
    assert.deepEqual(words('add_header X-Forwarded-For $host-x;'), ['add_header', 'X-Forwarded-For', '$host', 'x']);
    // Completing an upstream name after the scheme must replace only the name.
    assert.deepEqual(words('proxy_pass http://ws_back'), ['proxy_pass', 'http', 'ws_back']);
    assert.deepEqual(words('listen 127.0.0.1:8080;'), ['listen', '127.0.0.1', '8080']);
    assert.deepEqual(words('$'), ['$'], 'a lone $ is a word so variable completion replaces it');
  });
});
