// Hearth's browser code: an ES module loaded with
// <script type="module" src="/assets/hearth.js"></script> at the end of <body>.
// Everything works without JavaScript; this only enhances. No inline script
// or style is used anywhere (the CSP is script-src 'self'; style-src 'self').

import { initAll } from './govuk/govuk-frontend.min.js'

// GOV.UK Frontend's template sets these with an inline script; CSP forbids
// that, so set them here. A browser that runs ES modules supports GOV.UK
// Frontend 5.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// ---------------------------------------------------------------------------
// Draft autosave.
//
// <form method="post" action="..." data-autosave-url="/.../draft">
//   <input type="hidden" name="csrf_token" value="...">
//   <input type="hidden" name="version" value="3">
//   ...
//   <p class="govuk-body-s" data-autosave-status aria-live="polite"></p>
// </form>
//
// 1.5 s after the last input event the form's fields (csrf_token included) are
// POSTed as application/x-www-form-urlencoded to data-autosave-url.
//  - 2xx with JSON {"version": n}: the hidden `version` input becomes n and
//    the status reads "Draft saved at HH:MM".
//  - 409: the status shows the server's text (someone else changed the
//    draft) and autosave stops for this form until the page is reloaded, so
//    the user's next explicit Save meets the same conflict on the server.
//  - anything else: the status says the draft was not saved automatically.
// The status element is looked up inside the form first, then in the page.
// ---------------------------------------------------------------------------

const AUTOSAVE_DELAY_MS = 1500

function pad2 (n) {
  return String(n).padStart(2, '0')
}

function timeNow () {
  const now = new Date()
  return `${pad2(now.getHours())}:${pad2(now.getMinutes())}`
}

function formBody (form) {
  const params = new URLSearchParams()
  for (const [name, value] of new FormData(form)) {
    // File inputs are never autosaved.
    if (typeof value === 'string') params.append(name, value)
  }
  return params
}

async function conflictText (response) {
  const type = response.headers.get('Content-Type') || ''
  try {
    if (type.includes('application/json')) {
      const json = await response.json()
      if (json && typeof json.message === 'string') return json.message
      if (json && typeof json.error === 'string') return json.error
    } else {
      const text = (await response.text()).trim()
      if (text) return text
    }
  } catch (_) {
    // fall through to the default text
  }
  return 'Someone else has changed this draft. Copy your changes, then reload the page.'
}

function setupAutosave (form) {
  const url = form.getAttribute('data-autosave-url')
  if (!url) return
  const status =
    form.querySelector('[data-autosave-status]') ||
    document.querySelector('[data-autosave-status]')
  if (status && !status.hasAttribute('aria-live')) {
    status.setAttribute('aria-live', 'polite')
  }

  let timer = null
  let saving = false
  let again = false
  let stopped = false

  function say (text) {
    if (status) status.textContent = text
  }

  async function save () {
    timer = null
    if (stopped) return
    if (saving) {
      again = true
      return
    }
    saving = true
    try {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
          Accept: 'application/json'
        },
        body: formBody(form).toString()
      })
      if (stopped) return
      if (response.status === 409) {
        stopped = true
        say(await conflictText(response))
      } else if (response.ok) {
        let json = null
        try {
          json = await response.json()
        } catch (_) {
          json = null
        }
        if (json && json.version !== undefined && json.version !== null) {
          const version = form.querySelector('input[name="version"]')
          if (version) version.value = String(json.version)
        }
        say(`Draft saved at ${timeNow()}`)
      } else {
        say('Your draft could not be saved automatically. Your changes are kept on this page until you save.')
      }
    } catch (_) {
      if (!stopped) {
        say('Your draft could not be saved automatically. Your changes are kept on this page until you save.')
      }
    } finally {
      saving = false
      if (again && !stopped) {
        again = false
        schedule()
      }
    }
  }

  function schedule () {
    if (stopped) return
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(save, AUTOSAVE_DELAY_MS)
  }

  form.addEventListener('input', schedule)
  form.addEventListener('submit', () => {
    // The explicit submit wins; no autosave may race it.
    stopped = true
    if (timer !== null) clearTimeout(timer)
  })
}

for (const form of document.querySelectorAll('form[data-autosave-url]')) {
  setupAutosave(form)
}
