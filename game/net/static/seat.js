'use strict';
// A seat's page (or the public board at /watch). Plain JavaScript, no build step. Every text
// from the server is put in with textContent: nothing here parses a string as HTML.
(function () {
  const WATCH = location.pathname === '/watch';
  const KEY = 'cpg-seat';
  // This tab's seat (sessionStorage: two seats in two tabs stay apart), and the device's last
  // seat (localStorage: a phone whose browser was closed comes back to its seat)
  function load(storage) {
    try { return JSON.parse(storage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }
  let saved = load(sessionStorage) || load(localStorage) || {};
  if (location.hash.length > 1) {                 // a join link: keep the secret, drop it from the address bar
    saved.secret = decodeURIComponent(location.hash.slice(1));
    history.replaceState(null, '', location.pathname);
  }
  let lang = saved.lang === 'en' || saved.lang === 'ko' ? saved.lang : null;
  let S = {};                   // the page's words, in the seat's language
  let view = null;
  let ws = null;
  let stopped = false;
  let retry = 500;
  const outbox = new Map();     // move id -> message: resent after a reconnect until answered
  const composer = {partner: null, amount: 0, condition: '', project: '', share: 0, promise: 0, counterOf: null};
  let askEnd = false;

  function store() {
    const text = JSON.stringify(saved);
    try { sessionStorage.setItem(KEY, text); localStorage.setItem(KEY, text); } catch (e) { /* private mode */ }
  }
  function $(id) { return document.getElementById(id); }
  function el(tag, props) {
    const e = document.createElement(tag);
    if (props) {
      for (const k of Object.keys(props)) {
        const v = props[k];
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') e.textContent = String(v);
        else if (k === 'class') e.className = v;
        else if (k === 'onclick') e.addEventListener('click', v);
        else if (k === 'onchange') e.addEventListener('change', v);
        else if (k === 'disabled') e.disabled = true;
        else e.setAttribute(k, String(v));
      }
    }
    for (let i = 2; i < arguments.length; i++) {
      const c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      e.append(c);
    }
    return e;
  }
  function t(key, params) {
    let s = S[key] || key;
    if (params) for (const k of Object.keys(params)) s = s.split('{' + k + '}').join(String(params[k]));
    return s;
  }
  function moveId() {
    const b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
  }
  let toastTimer = null;
  function toast(text, ok) {
    const box = $('toast');
    box.textContent = text;
    box.className = ok ? 'toast ok' : 'toast';
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, ok ? 1500 : 5000);
  }
  function banner(text) {
    const b = $('banner');
    b.hidden = !text;
    b.textContent = text || '';
  }
  function page(text, cls) {
    const main = $('main');
    main.replaceChildren(el('p', {class: cls || 'muted', id: 'status', text: text}));
  }

  // --- the connection --------------------------------------------------------------------------
  function connect() {
    if (stopped || ws) return;
    if (!WATCH && !saved.secret) { page(S.bad_link || '이 링크는 유효하지 않습니다 · This link is not valid', 'error'); return; }
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.onopen = function () {
      retry = 500;
      const hello = WATCH ? {t: 'watch'} : {t: 'hello', secret: saved.secret, device: saved.device};
      if (lang) hello.lang = lang;
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = function (ev) {
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (!m || typeof m.t !== 'string') return;
      receive(m);
    };
    ws.onclose = function () {
      ws = null;
      if (stopped) return;
      banner(S.offline || '연결이 끊겼습니다 — 다시 연결하는 중… · Reconnecting…');
      setTimeout(connect, retry);
      retry = Math.min(5000, retry * 2);
    };
  }
  function send(m) {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(m));
  }
  function move(mv) {
    const id = moveId();
    const m = {t: 'move', id: id, move: mv};
    outbox.set(id, m);
    send(m);
  }

  function receive(m) {
    switch (m.t) {
      case 'welcome':
        banner('');
        if (m.strings) S = m.strings;
        if (m.lang) { lang = m.lang; saved.lang = lang; }
        if (m.device) { saved.device = m.device; }
        store();
        document.documentElement.lang = lang || 'ko';
        outbox.forEach(function (msg) { send(msg); });   // the same ids: applied once however often sent
        break;
      case 'strings':
        S = m.strings || S;
        if (m.lang) { lang = m.lang; saved.lang = lang; store(); }
        document.documentElement.lang = lang || 'ko';
        break;
      case 'pending':
        if (m.strings) S = m.strings;
        if (m.device) { saved.device = m.device; store(); }
        banner('');
        page(t('waiting_confirm'));
        break;
      case 'view':
        view = m.view;
        render();
        break;
      case 'result':
        if (m.id) outbox.delete(m.id);
        if (!m.ok && m.error) toast(m.error, false);
        break;
      case 'denied':
        stopped = true;
        if (m.why === 'bad') { delete saved.secret; store(); }
        banner('');
        page(m.why === 'wait' ? '잠시 후 다시 해 보세요 · Too many tries: wait a minute'
                              : (S.bad_link || '이 링크는 유효하지 않습니다 (틀렸거나 예전 링크). · This link is not valid (wrong or old).'), 'error');
        break;
      case 'refused':
        stopped = true; banner(''); page(t('refused'), 'error'); break;
      case 'moved':
        stopped = true; banner(''); page(t('moved'), 'error'); break;
      default:
        break;
    }
  }

  // --- drawing -------------------------------------------------------------------------------
  function header() {
    $('role').textContent = view.watcher ? t('watcher') : (view.role_name || '');
    $('seatname').textContent = view.seat_name ? '(' + view.seat_name + ')' : '';
    $('budget').textContent = view.watcher ? '' : t('budget') + ' ' + view.budget_text;
    $('lang-ko').className = lang === 'ko' ? 'on' : '';
    $('lang-en').className = lang === 'en' ? 'on' : '';
    document.title = t('title');
  }

  function render() {
    if (!view) return;
    header();
    const main = $('main');
    const parts = [];
    parts.push(el('section', {id: 'state'},
      el('h2', {text: view.round_text + ' · ' + view.phase_text}),
      el('p', {class: 'muted small', text: view.index_text}),
      view.turn ? el('p', {id: 'turn', text: view.turn}) : null,
      view.status ? el('p', {id: 'wait', class: 'muted', text: view.status}) : null));
    // what this seat must do now comes first on a phone; its agenda, the event, the region after
    const evMine = view.event && view.event.mine;
    if (evMine) parts.push(eventSection());
    if (!view.watcher && view.phase === 'negotiation') parts.push(negotiationSection());
    if (!view.watcher && view.actions) parts.push(actionsSection());
    if (!view.watcher) {
      parts.push(el('section', {id: 'private'},
        el('h3', {text: t('mandate')}), el('p', {id: 'mandate', text: view.mandate}),
        el('div', {class: 'agenda'}, el('h3', {text: t('agenda')}), el('p', {id: 'agenda', text: view.agenda})),
        view.score_text ? el('p', {class: 'muted small', id: 'score', text: view.score_text}) : null));
    }
    if (view.event && !evMine) parts.push(eventSection());
    if (view.over && view.winners) {
      parts.push(el('section', {id: 'over'}, el('h2', {text: t('over')}), el('p', {text: view.winners.join(', ')})));
    }
    parts.push(el('section', {id: 'region'}, el('h3', {text: t('region')}),
      el('ul', {class: 'ind'}, ...view.indicators.map(function (i) {
        return el('li', {text: i.name + ' ' + i.value});
      }))));
    if (view.log && view.log.length) {
      parts.push(el('section', {id: 'log'}, el('h3', {text: t('results')}),
        el('ul', {class: 'log'}, ...view.log.slice(0, 30).map(function (l) { return el('li', {text: l.text}); }))));
    }
    main.replaceChildren(...parts);
  }

  function eventSection() {
    const ev = view.event;
    const box = el('section', {id: 'event'}, el('h2', {text: t('event') + ': ' + ev.title}), el('p', {text: ev.text}));
    if (ev.mine) {
      box.append(el('p', {class: 'muted', text: t('you_decide')}));
      ev.options.forEach(function (o, k) {
        box.append(el('button', {class: 'wide option', 'data-option': o.id, id: 'option-' + k,
          onclick: function () { move({type: 'ChooseOption', option_id: o.id}); }, text: (k + 1) + '. ' + o.text}));
        if (o.tags) box.append(el('p', {class: 'risk', text: o.tags}));
      });
    } else {
      if (!ev.chosen) box.append(el('p', {class: 'muted', text: t('decides', {role: ev.decider_name})}));
      ev.options.forEach(function (o, k) {
        if (ev.chosen && !o.chosen) return;
        box.append(el('p', {class: o.chosen ? 'option chosen' : 'option muted', text: (k + 1) + '. ' + o.text}));
      });
    }
    return box;
  }

  function negotiationSection() {
    const box = el('section', {id: 'negotiation'});
    if (view.deals_to_me.length) {
      box.append(el('h2', {text: t('deals_to_you')}));
      view.deals_to_me.forEach(function (d) {
        box.append(el('div', {class: 'action', 'data-deal': d.id},
          el('h3', {text: d.title}), el('p', {text: d.text}),
          el('div', {class: 'row'},
            el('button', {class: 'primary', id: 'accept-' + d.id, text: t('accept'),
                          onclick: function () { move({type: 'RespondDeal', deal_id: d.id, accept: true}); }}),
            el('button', {id: 'reject-' + d.id, text: t('reject'),
                          onclick: function () { move({type: 'RespondDeal', deal_id: d.id, accept: false}); }}),
            view.can_propose ? el('button', {id: 'counter-' + d.id, text: t('counter'),
                          onclick: function () { startCounter(d); }}) : null)));
      });
    }
    if (view.answers.length) {
      box.append(el('h3', {text: t('answers')}));
      view.answers.forEach(function (a) { box.append(el('p', {class: 'small', text: a})); });
    }
    if (view.my_deals.length) {
      box.append(el('h3', {text: t('your_deals')}));
      view.my_deals.forEach(function (d) { box.append(el('p', {class: 'small', text: d.text + ' — ' + d.status_text})); });
    }
    if (view.can_propose && view.composer) box.append(composerBox());
    if (view.can_end_negotiation) {
      box.append(el('button', {class: 'wide', id: 'end-negotiation', text: t('end_negotiation'),
                               onclick: function () { move({type: 'EndNegotiation'}); }}));
    }
    return box;
  }

  function partnerInfo() {
    const ps = view.composer.partners;
    let p = ps.find(function (x) { return x.role === composer.partner; });
    if (!p) { p = ps[0]; composer.partner = p.role; }
    return p;
  }
  function startCounter(d) {
    composer.counterOf = d.id;
    composer.partner = d.from;
    composer.amount = 0; composer.condition = ''; composer.project = ''; composer.share = 0; composer.promise = 0;
    (d.terms.transfers || []).forEach(function (tr) {
      if (tr.receiver === d.from) { composer.amount = tr.amount; composer.condition = tr.condition || ''; }
      else if (tr.giver === d.from) { composer.amount = -tr.amount; }
    });
    render();
    const c = $('composer');
    if (c) c.scrollIntoView();
  }
  function terms() {
    const me = view.role, p = composer.partner;
    const out = {recipients: [p], transfers: [], cofund: null, commitments: []};
    if (composer.amount > 0) out.transfers.push({giver: me, receiver: p, amount: composer.amount, condition: composer.condition || null});
    else if (composer.amount < 0) out.transfers.push({giver: p, receiver: me, amount: -composer.amount, condition: null});
    if (composer.project) {
      const pr = partnerInfo().projects.find(function (x) { return x.id === composer.project; });
      if (pr) {
        const mine = Math.max(0, Math.min(pr.cost, composer.share));
        const shares = [];
        if (mine > 0) shares.push({role: me, amount: mine});
        if (pr.cost - mine > 0) shares.push({role: p, amount: pr.cost - mine});
        out.cofund = {action_id: pr.id, shares: shares};
      }
    }
    const promise = view.composer.promises[composer.promise];
    if (promise && promise.commitment) out.commitments.push(promise.commitment);
    return out;
  }
  function composerBox() {
    const c = view.composer;
    const p = partnerInfo();
    const step = c.step || 5;
    const box = el('div', {id: 'composer'}, el('h2', {text: composer.counterOf ? t('counter_title') : t('propose')}));
    const partnerSel = el('select', {id: 'partner', class: 'wide', 'aria-label': t('partner'), onchange: function (e) {
      composer.partner = e.target.value; composer.condition = ''; composer.project = ''; render(); }});
    c.partners.forEach(function (x) {
      const o = el('option', {value: x.role, text: x.name});
      if (x.role === p.role) o.selected = true;
      partnerSel.append(o);
    });
    if (composer.counterOf) partnerSel.disabled = true;
    box.append(el('h3', {text: t('partner')}), partnerSel);
    let money = t('no_money');
    if (composer.amount > 0) money = t('you_pay', {partner: p.name, amount: composer.amount});
    else if (composer.amount < 0) money = t('they_pay', {partner: p.name, amount: -composer.amount});
    box.append(el('h3', {text: t('money')}), el('div', {class: 'row'},
      el('button', {id: 'money-minus', text: '−', onclick: function () { composer.amount -= step; render(); }}),
      el('span', {class: 'grow', id: 'money', text: money}),
      el('button', {id: 'money-plus', text: '+', onclick: function () { composer.amount += step; render(); }})));
    if (composer.amount > 0) {
      const cond = el('select', {id: 'condition', class: 'wide', 'aria-label': t('condition'), onchange: function (e) {
        composer.condition = e.target.value; }});
      cond.append(el('option', {value: '', text: t('no_condition')}));
      p.conditions.forEach(function (a) {
        const o = el('option', {value: a.id, text: a.name});
        if (a.id === composer.condition) o.selected = true;
        cond.append(o);
      });
      box.append(cond);
    }
    const proj = el('select', {id: 'project', class: 'wide', 'aria-label': t('cofund'), onchange: function (e) {
      composer.project = e.target.value;
      const pr = p.projects.find(function (x) { return x.id === composer.project; });
      composer.share = pr ? Math.floor(pr.cost / 2) : 0;
      render(); }});
    proj.append(el('option', {value: '', text: t('no_project')}));
    p.projects.forEach(function (a) {
      const o = el('option', {value: a.id, text: a.name});
      if (a.id === composer.project) o.selected = true;
      proj.append(o);
    });
    box.append(el('h3', {text: t('cofund')}), proj);
    if (composer.project) {
      box.append(el('div', {class: 'row'}, el('span', {text: t('your_share')}),
        el('button', {text: '−', onclick: function () { composer.share = Math.max(0, composer.share - step); render(); }}),
        el('span', {class: 'grow', id: 'share', text: String(composer.share)}),
        el('button', {text: '+', onclick: function () { composer.share += step; render(); }})));
    }
    const prom = el('select', {id: 'promise', class: 'wide', 'aria-label': t('promise'), onchange: function (e) {
      composer.promise = Number(e.target.value) || 0; }});
    c.promises.forEach(function (x, k) {
      const o = el('option', {value: String(k), text: x.text});
      if (k === composer.promise) o.selected = true;
      prom.append(o);
    });
    box.append(el('h3', {text: t('promise')}), prom);
    box.append(el('div', {class: 'row'},
      el('button', {class: 'primary grow', id: 'propose', text: t('send'), onclick: function () {
        const tm = terms();
        if (!tm.transfers.length && !tm.cofund && !tm.commitments.length) { toast(t('empty_deal'), false); return; }
        if (composer.counterOf) move({type: 'CounterDeal', deal_id: composer.counterOf, terms: tm});
        else move({type: 'ProposeDeal', terms: tm});
        composer.counterOf = null; composer.amount = 0; composer.condition = ''; composer.project = ''; composer.promise = 0;
      }}),
      composer.counterOf ? el('button', {text: t('cancel'), onclick: function () { composer.counterOf = null; render(); }}) : null));
    return box;
  }

  function actionsSection() {
    const a = view.actions;
    const box = el('section', {id: 'actions'});
    if (askEnd && a.can_end) {
      box.append(el('h2', {text: t('sure_nothing')}),
        el('div', {class: 'row'},
          el('button', {class: 'primary grow', id: 'no-back', text: t('no_back'), onclick: function () { askEnd = false; render(); }}),
          el('button', {class: 'grow', id: 'yes-end', text: t('yes_end'), onclick: function () { askEnd = false; move({type: 'EndTurn'}); }})));
      return box;
    }
    askEnd = false;
    box.append(el('h2', {text: t('fund_title')}));
    a.rows.forEach(function (r) {
      box.append(el('div', {class: 'action'},
        el('button', {class: 'wide', id: 'fund-' + r.id, 'data-action': r.id, disabled: !r.fundable,
                      text: r.name + (r.times ? '  ✓×' + r.times : ''),
                      onclick: function () { move({type: 'Fund', action_id: r.id}); }}),
        el('p', {class: 'small', text: r.info}),
        r.why ? el('p', {class: 'small muted', text: r.why}) : null,
        r.tags ? el('p', {class: 'risk', text: r.tags}) : null));
    });
    if (a.cancels.length || a.running.length) {
      box.append(el('h3', {text: t('running')}));
      a.running.forEach(function (n) { box.append(el('p', {class: 'small', text: n})); });
      a.cancels.forEach(function (c) {
        box.append(el('button', {class: 'wide danger', text: c.text,
                                 onclick: function () { move({type: 'Cancel', programme_uid: c.uid}); }}));
      });
    }
    if (a.promises.length) {
      box.append(el('h3', {text: t('commitments')}));
      a.promises.forEach(function (p) { box.append(el('p', {class: 'small', text: p})); });
    }
    if (a.funded.length) box.append(el('p', {class: 'small', id: 'funded', text: t('funded', {actions: a.funded.join(', ')})}));
    const row = el('div', {class: 'row'});
    if (a.undo) row.append(el('button', {id: 'undo', text: a.undo, onclick: function () { move({type: 'Undo'}); }}));
    if (a.can_end) {
      row.append(el('button', {class: 'primary grow', id: 'end-turn', text: t('end_turn'), onclick: function () {
        if (a.ask_first) { askEnd = true; render(); } else move({type: 'EndTurn'});
      }}));
    }
    box.append(row);
    return box;
  }

  // --- language ------------------------------------------------------------------------------
  document.querySelectorAll('#langs button').forEach(function (b) {
    b.addEventListener('click', function () {
      lang = b.getAttribute('data-lang');
      saved.lang = lang;
      store();
      send({t: 'lang', lang: lang});
    });
  });
  window.addEventListener('hashchange', function () {   // another seat's link opened in this tab
    if (location.hash.length > 1) location.reload();
  });
  document.addEventListener('visibilitychange', function () {   // a phone waking up: reconnect at once
    if (document.visibilityState === 'visible' && !ws && !stopped) { retry = 500; connect(); }
  });
  connect();
})();
