import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzePath } from '../../../server/src/service/analyze';
import { diskHost } from '../../../server/src/workspace/fileHost';
import { Workspace } from '../../../server/src/workspace/workspace';
import { corpusDir } from '../../support/paths';

describe('h5bp: a real multi-file layout', () => {
  const dir = path.join(corpusDir, 'valid', 'h5bp');
  const ws = new Workspace(diskHost);
  ws.addFolder(dir);

  test('every included file is reached from nginx.conf, in the context of its include site', () => {
    const [tree, ...others] = ws.getTrees().filter((t) => t.isMain);
    assert.equal(others.length, 0);
    assert.equal(path.relative(dir, tree.rootPath), 'nginx.conf');
    const reached = new Map(tree.instances.map((i) => [path.relative(dir, i.path), i.context]));
    assert.equal(reached.get('conf.d/no-ssl.default.conf'), 'http');
    assert.equal(reached.get('mime.types'), 'http');
    assert.equal(reached.size, 8);
  });

  test('a template that nothing includes is analysed as http, and the snippets it includes as server', () => {
    const template = ws.getTrees().find((t) => path.relative(dir, t.rootPath) === 'conf.d/templates/example.com.conf');
    assert.ok(template && !template.isMain);
    assert.equal(template.root.context, 'http');
    assert.equal(template.enclosing?.rootPath, path.join(dir, 'nginx.conf'), 'it belongs to the project of nginx.conf');
    const basic = template.instances.find((i) => path.relative(dir, i.path) === 'h5bp/basic.conf');
    assert.equal(basic?.context, 'server');
  });

  test('no errors anywhere: no false context errors in included files', () => {
    const errors = [...ws.files].flatMap((p) => analyzePath(ws, p)).filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((e) => `${e.uri}:${e.range.start.line + 1} ${e.rule}: ${e.message}`), []);
  });
});
