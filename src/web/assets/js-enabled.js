// Marks the body before first paint so GOV.UK Frontend styles JavaScript-only parts correctly.
// An external file rather than an inline script, so the Content-Security-Policy can forbid inline scripts.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
