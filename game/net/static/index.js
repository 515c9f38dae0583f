'use strict';
// The join page: a typed code is exchanged for the seat's link (kept on this device only).
(function () {
  const form = document.getElementById('join');
  const msg = document.getElementById('msg');
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    const code = document.getElementById('code').value.replace(/[^0-9A-Za-z]/g, '').toUpperCase().slice(0, 12);
    fetch('/api/code', {method: 'POST', headers: {'Content-Type': 'application/json'},
                        body: JSON.stringify({code: code}), credentials: 'omit', cache: 'no-store'})
      .then(function (r) { return r.json().then(function (d) { return [r.status, d]; }); })
      .then(function (res) {
        const d = res[1];
        if (d && typeof d.secret === 'string') {
          location.replace('/seat#' + encodeURIComponent(d.secret));
          return;
        }
        msg.hidden = false;
        msg.textContent = res[0] === 429 ? '잠시 후 다시 해 보세요 · Too many tries: wait a minute'
                                         : '코드가 맞지 않습니다 · That code is not right';
      })
      .catch(function () {
        msg.hidden = false;
        msg.textContent = '연결할 수 없습니다 · Cannot reach the game';
      });
  });
})();
