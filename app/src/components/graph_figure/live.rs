//! Browser-only: the figure's interaction over the server's markup. One closure listens for
//! every event on the figure and dispatches on its type. Nodes (`[data-id]`) and edges
//! (`[data-from][data-to]`) are indexed once; lighting a chain runs `model::chain_through` over
//! that index and toggles classes (`lit`, `tracing`, `selected`); CSS does the rest. The zoom
//! tools come `hidden` from the server and are shown here.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, closure::Closure};
use leptos::web_sys::{Element, Event, HtmlElement, KeyboardEvent, MouseEvent, PointerEvent};
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::zoom::{fit_zoom, next_zoom, scaled};
use crate::model::chain_through;

/// The events the figure listens for.
const EVENTS: [&str; 9] = [
    "mouseover",
    "mouseleave",
    "focusin",
    "focusout",
    "click",
    "keydown",
    "pointerdown",
    "pointermove",
    "pointerup",
];

/// The router's navigation, boxed.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// The drawing's nodes and edges, what is lit, and the view state.
struct Live {
    figure: HtmlElement,
    nodes: Vec<(String, Element)>,
    edges: Vec<(String, String, Element)>,
    lit: Vec<Element>,
    current: Option<String>,
    /// The drawing's own width and height.
    size: (u32, u32),
    /// Percent.
    zoom: u32,
    /// Where a drag started: pointer and scroll positions.
    grab: Option<(i32, i32, i32, i32)>,
}

/// The state shared by the listener and the effects.
type Shared = Rc<RefCell<Option<Live>>>;

/// Holds the listener while the figure is on the page; dropped with the effect that made it
/// (when the page goes), it releases the index and its elements.
struct Wired {
    state: Shared,
    _listener: Closure<dyn Fn(Event)>,
}

impl Drop for Wired {
    fn drop(&mut self) {
        self.state.replace(None);
    }
}

/// Wires the figure once it is in the page; marks `selected` whenever it changes.
pub fn attach(figure: NodeRef<Div>, selected: Option<Signal<Option<String>>>) {
    let live: Shared = Rc::new(RefCell::new(None));
    let navigate: Rc<Navigate> = Rc::new(Box::new(use_navigate()));
    let state = live.clone();
    Effect::new(move |previous: Option<Option<Wired>>| {
        // Released before the new one is made, so its drop cannot clear the new state.
        drop(previous);
        let element = figure.get()?;
        let (state, navigate) = (state.clone(), navigate.clone());
        let shared = state.clone();
        let listener = Closure::<dyn Fn(Event)>::new(move |ev: Event| {
            // Navigation happens after the state is released: it may dispatch events itself.
            let href = shared
                .borrow_mut()
                .as_mut()
                .and_then(|live| live.handle(&ev));
            if let Some(href) = href {
                let options = NavigateOptions {
                    scroll: false,
                    ..NavigateOptions::default()
                };
                navigate(&href, options);
            }
        });
        for event in EVENTS {
            let _ =
                element.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        for tools in all(&element, "[data-zoom-tools]") {
            let _ = tools.remove_attribute("hidden");
        }
        state.replace(Some(Live::index(element.into())));
        Some(Wired {
            state: state.clone(),
            _listener: listener,
        })
    });
    if let Some(selected) = selected {
        Effect::new(move |_| {
            let chosen = selected.get();
            figure.track();
            if let Some(live) = live.borrow().as_ref() {
                live.select(chosen.as_deref());
            }
        });
    }
}

impl Live {
    fn index(figure: HtmlElement) -> Self {
        let svg = figure.query_selector("svg").ok().flatten();
        let number = |name: &str| {
            svg.as_ref()
                .and_then(|s| s.get_attribute(name))
                .and_then(|v| v.split('.').next()?.parse::<u32>().ok())
                .unwrap_or(0)
        };
        Self {
            nodes: all(&figure, "[data-id]")
                .into_iter()
                .filter_map(|e| Some((e.get_attribute("data-id")?, e)))
                .collect(),
            edges: all(&figure, "[data-from]")
                .into_iter()
                .filter_map(|e| {
                    Some((
                        e.get_attribute("data-from")?,
                        e.get_attribute("data-to")?,
                        e,
                    ))
                })
                .collect(),
            lit: Vec::new(),
            current: None,
            size: (number("width"), number("height")),
            zoom: 100,
            grab: None,
            figure,
        }
    }

    /// Handles one event; answers where to navigate, if anywhere.
    fn handle(&mut self, ev: &Event) -> Option<String> {
        match ev.type_().as_str() {
            "mouseover" | "focusin" => match node_of(ev).and_then(|n| n.get_attribute("data-id")) {
                Some(id) => self.light(id),
                None => self.clear(),
            },
            "mouseleave" | "focusout" => self.clear(),
            "click" => return self.click(ev),
            "keydown" => {
                let key = ev.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key);
                let step = match key.as_deref() {
                    Some("+" | "=") => 1,
                    Some("-") => -1,
                    Some("0") => 0,
                    _ => return None,
                };
                ev.prevent_default();
                self.zoom_to(next_zoom(self.zoom, step));
            }
            "pointerdown" => self.grab(ev),
            "pointermove" => self.drag(ev),
            "pointerup" => self.grab = None,
            _ => {}
        }
        None
    }

    /// Lights the chain through node `id` (upstream and downstream, not its siblings).
    fn light(&mut self, id: String) {
        if self.current.as_ref() == Some(&id) {
            return;
        }
        self.clear();
        let pairs: Vec<(&str, &str)> = self
            .edges
            .iter()
            .map(|(from, to, _)| (from.as_str(), to.as_str()))
            .collect();
        let (edges, nodes) = chain_through(&pairs, &id);
        let mut lit: Vec<Element> = self
            .edges
            .iter()
            .zip(edges)
            .filter(|(_, on)| *on)
            .map(|((_, _, element), _)| element.clone())
            .collect();
        lit.extend(
            self.nodes
                .iter()
                .filter(|(node, _)| nodes.contains(&node.as_str()))
                .map(|(_, element)| element.clone()),
        );
        for element in &lit {
            let _ = element.class_list().add_1("lit");
        }
        self.lit = lit;
        self.current = Some(id);
        let _ = self.figure.class_list().add_1("tracing");
    }

    fn clear(&mut self) {
        for element in self.lit.drain(..) {
            let _ = element.class_list().remove_1("lit");
        }
        self.current = None;
        let _ = self.figure.class_list().remove_1("tracing");
    }

    fn select(&self, chosen: Option<&str>) {
        for (id, node) in &self.nodes {
            let _ = if Some(id.as_str()) == chosen {
                node.class_list().add_1("selected")
            } else {
                node.class_list().remove_1("selected")
            };
        }
    }

    /// A zoom button zooms; a plain click on a node chooses it in place (the router keeps the
    /// scroll position); clicks with a modifier key keep the browser's meaning (new tab).
    fn click(&mut self, ev: &Event) -> Option<String> {
        let mouse = ev.dyn_ref::<MouseEvent>()?;
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        if let Some(zoom) = target
            .and_then(|t| t.closest("[data-zoom]").ok().flatten())
            .and_then(|b| b.get_attribute("data-zoom"))
        {
            let next = match zoom.as_str() {
                "fit" => {
                    let room = self.canvas().map_or(0, |c| c.client_width());
                    fit_zoom(u32::try_from(room).unwrap_or(0), self.size.0)
                }
                "in" => next_zoom(self.zoom, 1),
                "out" => next_zoom(self.zoom, -1),
                _ => 100,
            };
            self.zoom_to(next);
            return None;
        }
        if mouse.button() != 0
            || mouse.ctrl_key()
            || mouse.meta_key()
            || mouse.shift_key()
            || mouse.alt_key()
        {
            return None;
        }
        let href = node_of(ev)?.get_attribute("href")?;
        ev.prevent_default();
        Some(href)
    }

    fn zoom_to(&mut self, zoom: u32) {
        self.zoom = zoom;
        if let Some(svg) = self.figure.query_selector("svg").ok().flatten() {
            let _ = svg.set_attribute("width", &scaled(self.size.0, zoom).to_string());
            let _ = svg.set_attribute("height", &scaled(self.size.1, zoom).to_string());
        }
        for level in all(&self.figure, "[data-zoom-level]") {
            level.set_text_content(Some(&format!("{zoom} %")));
        }
    }

    fn canvas(&self) -> Option<Element> {
        self.figure.query_selector(".graph-canvas").ok().flatten()
    }

    /// Starts panning when the canvas background (not a node, not a tool) is pressed.
    fn grab(&mut self, ev: &Event) {
        let Some(pointer) = ev.dyn_ref::<PointerEvent>() else {
            return;
        };
        let on_canvas = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest(".graph-canvas").ok().flatten());
        let (Some(canvas), None, 0) = (on_canvas, node_of(ev), pointer.button()) else {
            return;
        };
        let _ = canvas.set_pointer_capture(pointer.pointer_id());
        self.grab = Some((
            pointer.client_x(),
            pointer.client_y(),
            canvas.scroll_left(),
            canvas.scroll_top(),
        ));
    }

    /// Pans while the background is held.
    fn drag(&self, ev: &Event) {
        let (Some((x, y, left, top)), Some(pointer), Some(canvas)) =
            (self.grab, ev.dyn_ref::<PointerEvent>(), self.canvas())
        else {
            return;
        };
        canvas.set_scroll_left(left - (pointer.client_x() - x));
        canvas.set_scroll_top(top - (pointer.client_y() - y));
    }
}

/// The elements under `root` matching `selector`.
fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// The node element an event happened in, if any.
fn node_of(ev: &Event) -> Option<Element> {
    ev.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest("[data-id]")
        .ok()
        .flatten()
}
