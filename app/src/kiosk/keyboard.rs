//! The on-screen keyboard of a kiosk without a physical one: Thai Kedmanee (แป้นพิมพ์เกษมณี) and
//! English QWERTY, with shift. Keys do not type into a field themselves: they report a [`Key`]
//! and the kiosk decides which text it edits (the search box, or the survey comment).

use leptos::prelude::*;

use super::words::kiosk_words;
use crate::i18n::Lang;

/// What a key press asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Backspace,
    Clear,
}

/// Kedmanee, TIS 820-2538, row by row as (unshifted, shifted), from the `1` row to the `z` row.
const THAI_ROWS: [&[(char, char)]; 4] = [
    &[
        ('ๅ', '+'),
        ('/', '๑'),
        ('-', '๒'),
        ('ภ', '๓'),
        ('ถ', '๔'),
        ('ุ', 'ู'),
        ('ึ', '฿'),
        ('ค', '๕'),
        ('ต', '๖'),
        ('จ', '๗'),
        ('ข', '๘'),
        ('ช', '๙'),
    ],
    &[
        ('ๆ', '๐'),
        ('ไ', '"'),
        ('ำ', 'ฎ'),
        ('พ', 'ฑ'),
        ('ะ', 'ธ'),
        ('ั', 'ํ'),
        ('ี', '๊'),
        ('ร', 'ณ'),
        ('น', 'ฯ'),
        ('ย', 'ญ'),
        ('บ', 'ฐ'),
        ('ล', ','),
        ('ฃ', 'ฅ'),
    ],
    &[
        ('ฟ', 'ฤ'),
        ('ห', 'ฆ'),
        ('ก', 'ฏ'),
        ('ด', 'โ'),
        ('เ', 'ฌ'),
        ('้', '็'),
        ('่', '๋'),
        ('า', 'ษ'),
        ('ส', 'ศ'),
        ('ว', 'ซ'),
        ('ง', '.'),
    ],
    &[
        ('ผ', '('),
        ('ป', ')'),
        ('แ', 'ฉ'),
        ('อ', 'ฮ'),
        ('ิ', 'ฺ'),
        ('ื', '์'),
        ('ท', '?'),
        ('ม', 'ฒ'),
        ('ใ', 'ฬ'),
        ('ฝ', 'ฦ'),
    ],
];

/// QWERTY; shift gives capitals and the symbols above the digits.
const ENGLISH_ROWS: [&[(char, char)]; 4] = [
    &[
        ('1', '!'),
        ('2', '@'),
        ('3', '#'),
        ('4', '$'),
        ('5', '%'),
        ('6', '^'),
        ('7', '&'),
        ('8', '*'),
        ('9', '('),
        ('0', ')'),
        ('-', '_'),
    ],
    &[
        ('q', 'Q'),
        ('w', 'W'),
        ('e', 'E'),
        ('r', 'R'),
        ('t', 'T'),
        ('y', 'Y'),
        ('u', 'U'),
        ('i', 'I'),
        ('o', 'O'),
        ('p', 'P'),
    ],
    &[
        ('a', 'A'),
        ('s', 'S'),
        ('d', 'D'),
        ('f', 'F'),
        ('g', 'G'),
        ('h', 'H'),
        ('j', 'J'),
        ('k', 'K'),
        ('l', 'L'),
    ],
    &[
        ('z', 'Z'),
        ('x', 'X'),
        ('c', 'C'),
        ('v', 'V'),
        ('b', 'B'),
        ('n', 'N'),
        ('m', 'M'),
        (',', '<'),
        ('.', '>'),
        ('/', '?'),
    ],
];

/// Which layout the keyboard shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Thai,
    English,
}

/// The keyboard's own state, owned by the kiosk so an idle reset can put it back.
#[derive(Clone, Copy)]
pub struct KeyboardState {
    pub layout: RwSignal<Layout>,
    pub shift: RwSignal<bool>,
}

impl KeyboardState {
    pub fn new() -> KeyboardState {
        KeyboardState {
            layout: RwSignal::new(Layout::Thai),
            shift: RwSignal::new(false),
        }
    }

    /// Thai, unshifted: what the next citizen expects.
    pub fn reset(&self) {
        self.layout.set(Layout::Thai);
        self.shift.set(false);
    }
}

/// Applies a key to `text`. Backspace removes one code point, so a tone mark typed last goes
/// first, as on a physical Thai keyboard.
pub fn apply(text: &mut String, key: &Key) {
    match key {
        Key::Char(c) => text.push(*c),
        Key::Backspace => {
            text.pop();
        }
        Key::Clear => text.clear(),
    }
}

/// A combining mark (vowel above or below, tone mark) is shown on a dotted circle, as Thai
/// keyboards print it, or it would sit on nothing.
fn face(c: char) -> String {
    let combining = matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}');
    if combining {
        format!("\u{25CC}{c}")
    } else {
        c.to_string()
    }
}

/// What a screen reader should say for a key: marks that sit on another letter are read by name
/// (a lone U+0E48 is read as nothing at all).
fn spoken(c: char) -> String {
    let name = match c {
        '\u{0E31}' => "ไม้หันอากาศ",
        '\u{0E34}' => "สระอิ",
        '\u{0E35}' => "สระอี",
        '\u{0E36}' => "สระอึ",
        '\u{0E37}' => "สระอือ",
        '\u{0E38}' => "สระอุ",
        '\u{0E39}' => "สระอู",
        '\u{0E3A}' => "พินทุ",
        '\u{0E47}' => "ไม้ไต่คู้",
        '\u{0E48}' => "ไม้เอก",
        '\u{0E49}' => "ไม้โท",
        '\u{0E4A}' => "ไม้ตรี",
        '\u{0E4B}' => "ไม้จัตวา",
        '\u{0E4C}' => "ทัณฑฆาต",
        '\u{0E4D}' => "นิคหิต",
        _ => return c.to_string(),
    };
    name.to_string()
}

#[component]
pub fn OnScreenKeyboard(
    state: KeyboardState,
    lang: ReadSignal<Lang>,
    on_key: Callback<Key>,
) -> impl IntoView {
    let rows = move || match state.layout.get() {
        Layout::Thai => THAI_ROWS,
        Layout::English => ENGLISH_ROWS,
    };
    let press = move |key: Key| {
        on_key.run(key);
        // Shift holds for one character, as on a phone.
        state.shift.set(false);
    };
    let w = move || kiosk_words(lang.get());
    view! {
        <div id="osk" class="osk" role="group" aria-label=move || w().keyboard
            data-layout=move || if state.layout.get() == Layout::Thai { "thai" } else { "english" }
            data-shift=move || state.shift.get().to_string()>
            {move || {
                let shifted = state.shift.get();
                rows().iter().map(|row| view! {
                    <div class="osk-row">
                        {row.iter().map(|&(plain, shift)| {
                            let c = if shifted { shift } else { plain };
                            view! {
                                <button type="button" class="osk-key" data-char=c.to_string()
                                    aria-label=spoken(c)
                                    on:click=move |_| press(Key::Char(c))>
                                    {face(c)}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                }).collect_view()
            }}
            <div class="osk-row osk-controls">
                <button type="button" id="osk-shift" class="osk-key osk-wide"
                    aria-pressed=move || state.shift.get().to_string()
                    on:click=move |_| state.shift.update(|s| *s = !*s)>
                    {move || w().shift}
                </button>
                <button type="button" id="osk-layout" class="osk-key osk-wide"
                    on:click=move |_| {
                        state.layout.update(|l| *l = match l { Layout::Thai => Layout::English, Layout::English => Layout::Thai });
                        state.shift.set(false);
                    }>
                    {move || match state.layout.get() { Layout::Thai => w().to_english, Layout::English => w().to_thai }}
                </button>
                <button type="button" id="osk-space" class="osk-key osk-space"
                    on:click=move |_| press(Key::Char(' '))>
                    {move || w().space}
                </button>
                <button type="button" id="osk-backspace" class="osk-key osk-wide"
                    on:click=move |_| press(Key::Backspace)>
                    {move || w().backspace}
                </button>
                <button type="button" id="osk-clear" class="osk-key osk-wide"
                    on:click=move |_| press(Key::Clear)>
                    {move || w().clear}
                </button>
            </div>
        </div>
    }
}
