//! Browser-only: one `EventSource` on `/api/v1/events` for all of a user's tabs. A browser
//! keeps at most six HTTP/1.1 connections to a server, so a stream per tab would leave the
//! seventh tab unable to load a page; instead the tabs elect one (a Web Lock, held while that
//! tab's page lives) that opens the stream and passes each event to the others over a
//! `BroadcastChannel`, with `@open`/`@closed` when its stream opens or ends. When the leader's
//! page goes, the lock passes to another tab, which opens the stream again. A browser without
//! Web Locks gives each tab its own stream, as before.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::wasm_bindgen::{JsCast, JsValue, closure::Closure};
use leptos::web_sys::js_sys::{Function, Promise, Reflect};
use leptos::web_sys::{BroadcastChannel, EventSource, MessageEvent, window};

/// Where the stream is.
const EVENTS_PATH: &str = "/api/v1/events";
/// The lock and the channel the tabs share.
const NAME: &str = "linkcenter-events";
/// The events the server sends.
const KINDS: [&str; 5] = ["snapshot", "change", "action", "job", "resync"];

type Listener = Rc<dyn Fn(String)>;

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static LISTENERS: RefCell<Vec<(String, Listener)>> = const { RefCell::new(Vec::new()) };
    static CHANNEL: RefCell<Option<BroadcastChannel>> = const { RefCell::new(None) };
    /// This tab's stream, when it leads.
    static SOURCE: RefCell<Option<EventSource>> = const { RefCell::new(None) };
    /// Whether the leading tab said its stream is open (for a tab that does not lead).
    static LEADER_OPEN: Cell<bool> = const { Cell::new(false) };
}

/// Calls `listener` with the data of each `kind` event, for the life of the page.
pub fn on(kind: &str, listener: impl Fn(String) + 'static) {
    start();
    LISTENERS.with(|l| l.borrow_mut().push((kind.to_owned(), Rc::new(listener))));
}

/// Whether events arrive now: this tab's stream is open, or the leading tab's (when not, the
/// islands poll).
pub fn connected() -> bool {
    start();
    SOURCE
        .with(|s| {
            s.borrow()
                .as_ref()
                .map(|s| s.ready_state() == EventSource::OPEN)
        })
        .unwrap_or_else(|| LEADER_OPEN.with(Cell::get))
}

/// Calls this tab's listeners of `kind`.
fn dispatch(kind: &str, data: &str) {
    let listeners: Vec<Listener> = LISTENERS.with(|l| {
        l.borrow()
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, f)| f.clone())
            .collect()
    });
    for listener in listeners {
        listener(data.to_owned());
    }
}

/// Tells the other tabs `kind` (an event's, or `@open`, `@closed`, `@hello`) with `data`.
fn tell(kind: &str, data: &str) {
    CHANNEL.with(|c| {
        if let Some(channel) = c.borrow().as_ref() {
            let _ = channel.post_message(&JsValue::from_str(&format!("{kind}\n{data}")));
        }
    });
}

/// Joins the tabs: listens on the channel, asks for the lock, and says hello.
fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    let channel = BroadcastChannel::new(NAME).ok();
    if let Some(channel) = &channel {
        let heard = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            let (kind, data) = text.split_once('\n').unwrap_or((text.as_str(), ""));
            match kind {
                "@open" => LEADER_OPEN.with(|o| o.set(true)),
                "@closed" => LEADER_OPEN.with(|o| o.set(false)),
                "@hello" => {
                    if SOURCE.with(|s| {
                        s.borrow()
                            .as_ref()
                            .is_some_and(|s| s.ready_state() == EventSource::OPEN)
                    }) {
                        tell("@open", "");
                    }
                }
                kind => {
                    LEADER_OPEN.with(|o| o.set(true));
                    dispatch(kind, data);
                }
            }
        });
        channel.set_onmessage(Some(heard.as_ref().unchecked_ref()));
        heard.forget();
    }
    CHANNEL.with(|c| *c.borrow_mut() = channel);
    if !request_lock() {
        lead();
    }
    tell("@hello", "");
}

/// Asks for the tabs' lock, `lead`ing once it is granted; `false` when the browser has no Web
/// Locks.
fn request_lock() -> bool {
    let Some(window) = window() else {
        return false;
    };
    let locks = Reflect::get(&window.navigator(), &JsValue::from_str("locks"))
        .ok()
        .filter(|l| !l.is_undefined() && !l.is_null());
    let request = locks.as_ref().and_then(|l| {
        Reflect::get(l, &JsValue::from_str("request"))
            .ok()?
            .dyn_into::<Function>()
            .ok()
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        return false;
    };
    let granted = Closure::<dyn Fn() -> Promise>::new(|| {
        lead();
        // Held until the page goes.
        Promise::new(&mut |_, _| {})
    });
    let asked = request.call2(&locks, &JsValue::from_str(NAME), granted.as_ref());
    granted.forget();
    asked.is_ok()
}

/// Opens this tab's stream and passes what it hears to this tab and the others.
fn lead() {
    let Some(source) = EventSource::new(EVENTS_PATH).ok() else {
        return;
    };
    for kind in KINDS {
        let forward = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data().as_string().unwrap_or_default();
            dispatch(kind, &data);
            tell(kind, &data);
        });
        let _ = source.add_event_listener_with_callback(kind, forward.as_ref().unchecked_ref());
        forward.forget();
    }
    let opened = Closure::<dyn Fn()>::new(|| tell("@open", ""));
    source.set_onopen(Some(opened.as_ref().unchecked_ref()));
    opened.forget();
    let failed = Closure::<dyn Fn()>::new(|| tell("@closed", ""));
    source.set_onerror(Some(failed.as_ref().unchecked_ref()));
    failed.forget();
    if let Some(window) = window() {
        let gone = Closure::<dyn Fn()>::new(|| {
            SOURCE.with(|s| {
                if let Some(source) = s.borrow_mut().take() {
                    source.close();
                }
            });
            tell("@closed", "");
        });
        let _ = window.add_event_listener_with_callback("pagehide", gone.as_ref().unchecked_ref());
        gone.forget();
    }
    SOURCE.with(|s| *s.borrow_mut() = Some(source));
}
