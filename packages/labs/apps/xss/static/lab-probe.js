// The lab's probe, loaded first in every page of the message board. The classic proof of XSS is alert(1); the lab
// view is sandboxed, so browsers show no dialogs there. Instead the four dialog functions are replaced: a call shows
// a banner in the page and reports itself to the lab (POST __xss with the page's render id), which counts it only
// when this very page showed untrusted input as markup.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="lab-render"]');
  var renderId = meta ? meta.getAttribute('content') : '';
  // Resolved now, before anything injected further down (a <base href>, say) could move it.
  var proofUrl = new URL('__xss', document.baseURI).href;
  var english = document.documentElement.lang === 'en';
  var lead = english ? 'A script ran: ' : 'スクリプトが実行されました: ';
  var after = english
    ? ' — if it came from your input, the flag appears on the next page you open.'
    : ' — あなたの入力によるものなら、次に開くページにフラグが表示されます。';

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

  function report(kind, args) {
    var message = args.length > 0 ? String(args[0]).slice(0, 100) : '';
    show(kind + '(' + JSON.stringify(message) + ')');
    try {
      fetch(proofUrl, {
        method: 'POST',
        mode: 'no-cors',
        credentials: 'include',
        keepalive: true,
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ render: renderId, kind: kind, message: message }),
      }).catch(function () {});
    } catch (err) {
      // a page without fetch: the banner is still there
    }
  }

  ['alert', 'confirm', 'prompt', 'print'].forEach(function (kind) {
    window[kind] = function () {
      report(kind, arguments);
      return kind === 'confirm' ? false : kind === 'prompt' ? null : undefined;
    };
  });
})();
