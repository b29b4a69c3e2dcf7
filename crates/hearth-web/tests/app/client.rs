//! A browser-like client: a cookie store, no redirect following (so tests see
//! each 303), and the session's CSRF token scraped from the pages.

use super::fixture::PASSWORD;
use super::harness::TestApp;
use reqwest::header::HeaderMap;
use reqwest::{redirect, StatusCode};

/// One response, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    /// The `Location` header of a redirect.
    pub fn location(&self) -> String {
        self.headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    /// Asserts a 303 redirect and returns where it goes.
    #[track_caller]
    pub fn redirect(&self) -> String {
        assert_eq!(
            self.status,
            StatusCode::SEE_OTHER,
            "expected a redirect, got {}: {}",
            self.status,
            self.body
        );
        self.location()
    }

    /// Every `Set-Cookie` value.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }

    /// The value of the `hearth_session` cookie this response sets.
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookies().iter().find_map(|c| {
            c.split(';')
                .next()
                .and_then(|kv| kv.trim().strip_prefix("hearth_session="))
                .map(str::to_string)
        })
    }

    pub fn csrf(&self) -> String {
        csrf(&self.body)
    }

    /// The value of a hidden or text input named `name`.
    pub fn input(&self, name: &str) -> Option<String> {
        input_value(&self.body, name)
    }

    #[track_caller]
    pub fn assert_status(&self, status: StatusCode) -> &Self {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.body
        );
        self
    }

    #[track_caller]
    pub fn assert_contains(&self, text: &str) -> &Self {
        assert!(
            self.body.contains(text),
            "expected the page to contain {text:?}; status {}, body:\n{}",
            self.status,
            self.body
        );
        self
    }

    #[track_caller]
    pub fn assert_lacks(&self, text: &str) -> &Self {
        assert!(
            !self.body.contains(text),
            "expected the page NOT to contain {text:?}; status {}, body:\n{}",
            self.status,
            self.body
        );
        self
    }
}

/// The CSRF token in a page's first `csrf_token` field.
#[track_caller]
pub fn csrf(html: &str) -> String {
    input_value(html, "csrf_token")
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| panic!("no csrf_token in the page:\n{html}"))
}

/// The `value` of the first input with `name="<name>"`.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\"");
    let at = html.find(&needle)?;
    // The tag around the name attribute.
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let v = tag.find("value=\"")? + "value=\"".len();
    let len = tag[v..].find('"')?;
    Some(tag[v..v + len].to_string())
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    /// The CSRF token of the current session (empty before one is known).
    pub csrf: String,
}

impl Client {
    pub fn new(app: &TestApp) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .expect("HTTP client");
        Self {
            http,
            base: app.base.clone(),
            csrf: String::new(),
        }
    }

    /// A client signed in as `username` (with the fixture password).
    pub async fn sign_in(app: &TestApp, username: &str) -> Self {
        let mut c = Self::new(app);
        let page = c.get("/sign-in").await;
        page.assert_status(StatusCode::OK);
        let token = page.csrf();
        let res = c
            .post_raw(
                "/sign-in",
                &[
                    ("csrf_token", token.as_str()),
                    ("username", username),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.redirect(), "/", "sign-in of {username} should go to /");
        let home = c.get("/").await;
        home.assert_status(StatusCode::OK);
        c.csrf = home.csrf();
        c
    }

    async fn read(res: reqwest::Response) -> Page {
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.text().await.expect("response body");
        Page {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let res = self
            .http
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .expect("GET");
        Self::read(res).await
    }

    /// POSTs a form exactly as given (no CSRF token added).
    pub async fn post_raw(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded_pairs(form);
        let res = self
            .http
            .post(format!("{}{}", self.base, path))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await
            .expect("POST");
        Self::read(res).await
    }

    /// POSTs a multipart form (text fields and files) with the session's
    /// CSRF token unless `csrf` is false.
    pub async fn post_files(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
        csrf: bool,
    ) -> Page {
        let mut form = reqwest::multipart::Form::new();
        if csrf {
            form = form.text("csrf_token", self.csrf.clone());
        }
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (field, name, bytes) in files {
            form = form.part(
                field.to_string(),
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()),
            );
        }
        let res = self
            .http
            .post(format!("{}{}", self.base, path))
            .multipart(form)
            .send()
            .await
            .expect("POST multipart");
        Self::read(res).await
    }

    /// POSTs a form with the session's CSRF token.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", self.csrf.as_str())];
        all.extend_from_slice(form);
        self.post_raw(path, &all).await
    }
}

/// `application/x-www-form-urlencoded`, keeping repeated names.
fn serde_urlencoded_pairs(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A plain client with no cookie store, sending `cookie` by hand.
pub async fn get_with_cookie(app: &TestApp, path: &str, cookie: &str) -> Page {
    let http = reqwest::Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let res = http
        .get(app.url(path))
        .header(reqwest::header::COOKIE, format!("hearth_session={cookie}"))
        .send()
        .await
        .expect("GET");
    Client::read(res).await
}

/// A plain API client with an optional bearer token.
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub token: Option<String>,
}

impl Api {
    pub fn new(app: &TestApp, token: Option<&str>) -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(redirect::Policy::none())
                .build()
                .expect("HTTP client"),
            base: app.base.clone(),
            token: token.map(str::to_string),
        }
    }

    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let res = self
            .auth(self.http.get(format!("{}{}", self.base, path)))
            .send()
            .await
            .expect("GET");
        Client::read(res).await
    }

    pub async fn post_json(&self, path: &str, json: &serde_json::Value) -> Page {
        let res = self
            .auth(self.http.post(format!("{}{}", self.base, path)))
            .json(json)
            .send()
            .await
            .expect("POST");
        Client::read(res).await
    }

    pub async fn post_body(&self, path: &str, content_type: &str, body: &str) -> Page {
        let res = self
            .auth(self.http.post(format!("{}{}", self.base, path)))
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body.to_string())
            .send()
            .await
            .expect("POST");
        Client::read(res).await
    }
}

impl Page {
    /// The body as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    pub fn content_type(&self) -> String {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }
}
