// The lab's probe, loaded first in every page of the message board. The classic proof of XSS is alert(1); the lab
// view is sandboxed, so browsers show no dialogs there. Instead the four dialog functions are replaced: a call shows
// a banner in the page and reports itself to the lab (a form POSTed to __xss with the page's render id), which counts
// it only when this very page showed untrusted input as markup.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="lab-render"]');
  var renderId = meta ? meta.getAttribute('content') : '';
  // Resolved now, before anything injected further down (a <base href>, say) could move it.
  var proofUrl = new URL('__xss', document.baseURI).href;
  var english = document.documentElement.lang === 'en';
  var lead = english ? 'A script ran: ' : 'スクリプトが実行されました: ';
  var after = english ? ' — reporting it to the lab…' : ' — 演習に報告しています…';

  function show(text) {
    var banner = document.createElement('div');
    banner.className = 'lab-probe-banner';
    banner.setAttribute('role', 'alert');
    banner.setAttribute('data-lab-probe', '');
    banner.textContent = lead + text + after;
    var place = function () {
      document.body.insertBefore(banner, document.body.firstChild);
    };
    if (document.body) place();
    else document.addEventListener('DOMContentLoaded', place);
  }

  var reported = false;

  // The report is a form the page submits (a top-level navigation): in the hub's sandboxed view only navigations
  // carry the view's cookie in every browser. The lab answers with a page saying whether it counted.
  function report(kind, args) {
    var message = args.length > 0 ? String(args[0]).slice(0, 100) : '';
    show(kind + '(' + JSON.stringify(message) + ')');
    if (reported) return;
    reported = true;
    var form = document.createElement('form');
    form.method = 'POST';
    form.action = proofUrl + '?lang=' + (english ? 'en' : 'ja');
    [
      ['render', renderId],
      ['kind', kind],
      ['message', message],
    ].forEach(function (pair) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    var send = function () {
      document.body.appendChild(form);
      form.submit();
    };
    if (document.body) send();
    else document.addEventListener('DOMContentLoaded', send);
  }

  ['alert', 'confirm', 'prompt', 'print'].forEach(function (kind) {
    window[kind] = function () {
      report(kind, arguments);
      return kind === 'confirm' ? false : kind === 'prompt' ? null : undefined;
    };
  });
})();
