#include "drivers/scanner/keymap.h"

#include <linux/input-event-codes.h>

#include <array>
#include <span>

namespace lasis::drivers {

namespace {

/// One key of a layout: its characters at levels 1–4 (plain, Shift, AltGr, Shift+AltGr);
/// nullptr where the layout gives none (or only a dead key, which types nothing by itself).
struct Row {
  std::uint16_t code;
  std::array<const char*, 4> level;
};

// xkb "us" (basic). xkb key names in the comments: TLDE, AE01…AE12, AD01…AD12, AC01…AC11,
// BKSL, AB01…AB10.
constexpr Row kUs[] = {
    {KEY_GRAVE, {"`", "~"}},      {KEY_1, {"1", "!"}},          {KEY_2, {"2", "@"}},
    {KEY_3, {"3", "#"}},          {KEY_4, {"4", "$"}},          {KEY_5, {"5", "%"}},
    {KEY_6, {"6", "^"}},          {KEY_7, {"7", "&"}},          {KEY_8, {"8", "*"}},
    {KEY_9, {"9", "("}},          {KEY_0, {"0", ")"}},          {KEY_MINUS, {"-", "_"}},
    {KEY_EQUAL, {"=", "+"}},      {KEY_Q, {"q", "Q"}},          {KEY_W, {"w", "W"}},
    {KEY_E, {"e", "E"}},          {KEY_R, {"r", "R"}},          {KEY_T, {"t", "T"}},
    {KEY_Y, {"y", "Y"}},          {KEY_U, {"u", "U"}},          {KEY_I, {"i", "I"}},
    {KEY_O, {"o", "O"}},          {KEY_P, {"p", "P"}},          {KEY_LEFTBRACE, {"[", "{"}},
    {KEY_RIGHTBRACE, {"]", "}"}}, {KEY_A, {"a", "A"}},          {KEY_S, {"s", "S"}},
    {KEY_D, {"d", "D"}},          {KEY_F, {"f", "F"}},          {KEY_G, {"g", "G"}},
    {KEY_H, {"h", "H"}},          {KEY_J, {"j", "J"}},          {KEY_K, {"k", "K"}},
    {KEY_L, {"l", "L"}},          {KEY_SEMICOLON, {";", ":"}},  {KEY_APOSTROPHE, {"'", "\""}},
    {KEY_BACKSLASH, {"\\", "|"}}, {KEY_Z, {"z", "Z"}},          {KEY_X, {"x", "X"}},
    {KEY_C, {"c", "C"}},          {KEY_V, {"v", "V"}},          {KEY_B, {"b", "B"}},
    {KEY_N, {"n", "N"}},          {KEY_M, {"m", "M"}},          {KEY_COMMA, {",", "<"}},
    {KEY_DOT, {".", ">"}},        {KEY_SLASH, {"/", "?"}},      {KEY_SPACE, {" ", " "}},
    {KEY_102ND, {"<", ">"}},  // the extra key of ISO keyboards ("pc" symbols)
};

// xkb "lv" (basic): US positions for ASCII on levels 1–2, Latvian letters on AltGr.
constexpr Row kLv[] = {
    {KEY_GRAVE, {"`", "~", "´", "~"}},
    {KEY_1, {"1", "!", "¹", "¡"}},
    {KEY_2, {"2", "@", "²", "⅛"}},
    {KEY_3, {"3", "#", "³", "£"}},
    {KEY_4, {"4", "$", "€", "¢"}},
    {KEY_5, {"5", "%", "½", "⅜"}},
    {KEY_6, {"6", "^", "¾", "⅝"}},
    {KEY_7, {"7", "&", "{", "⅞"}},
    {KEY_8, {"8", "*", "[", "™"}},
    {KEY_9, {"9", "(", "]", "±"}},
    {KEY_0, {"0", ")", "}", "°"}},
    {KEY_MINUS, {"-", "_", "\\", "¿"}},
    {KEY_EQUAL, {"=", "+", "–", "—"}},
    {KEY_Q, {"q", "Q", "q", "Q"}},
    {KEY_W, {"w", "W", "w", "W"}},
    {KEY_E, {"e", "E", "ē", "Ē"}},
    {KEY_R, {"r", "R", "ŗ", "Ŗ"}},
    {KEY_T, {"t", "T", "t", "T"}},
    {KEY_Y, {"y", "Y", "y", "Y"}},
    {KEY_U, {"u", "U", "ū", "Ū"}},
    {KEY_I, {"i", "I", "ī", "Ī"}},
    {KEY_O, {"o", "O", "ō", "Ō"}},
    {KEY_P, {"p", "P", "p", "P"}},
    {KEY_LEFTBRACE, {"[", "{", "«", "“"}},
    {KEY_RIGHTBRACE, {"]", "}", "»", "”"}},
    {KEY_A, {"a", "A", "ā", "Ā"}},
    {KEY_S, {"s", "S", "š", "Š"}},
    {KEY_D, {"d", "D", "d", "D"}},
    {KEY_F, {"f", "F", "f", "F"}},
    {KEY_G, {"g", "G", "ģ", "Ģ"}},
    {KEY_H, {"h", "H", "h", "H"}},
    {KEY_J, {"j", "J", "j", "J"}},
    {KEY_K, {"k", "K", "ķ", "Ķ"}},
    {KEY_L, {"l", "L", "ļ", "Ļ"}},
    {KEY_SEMICOLON, {";", ":", ";", ":"}},
    {KEY_APOSTROPHE, {"'", "\"", "“", "„"}},
    {KEY_Z, {"z", "Z", "ž", "Ž"}},
    {KEY_X, {"x", "X", "x", "X"}},
    {KEY_C, {"c", "C", "č", "Č"}},
    {KEY_V, {"v", "V", "v", "V"}},
    {KEY_B, {"b", "B", "b", "B"}},
    {KEY_N, {"n", "N", "ņ", "Ņ"}},
    {KEY_M, {"m", "M", "m", "M"}},
    {KEY_COMMA, {",", "<", "•", "×"}},
    {KEY_DOT, {".", ">", "·", "÷"}},
    {KEY_SLASH, {"/", "?", "/", "˙"}},
    {KEY_BACKSLASH, {"\\", "|", "`", "˘"}},
    {KEY_102ND, {"<", ">", "|", "¦"}},
    {KEY_SPACE, {" ", " ", " ", " "}},
};

// xkb "lt" (basic = latin + eurosign(e) + the Lithuanian number row): Lithuanian letters on the
// number row's first levels, the digits on AltGr, their Shift symbols on Shift+AltGr. Letters
// and punctuation from "latin" (dead keys left out: alone they type nothing).
constexpr Row kLt[] = {
    {KEY_GRAVE, {"`", "~", "´", "¬"}},
    {KEY_1, {"ą", "Ą", "1", "!"}},
    {KEY_2, {"č", "Č", "2", "@"}},
    {KEY_3, {"ę", "Ę", "3", "#"}},
    {KEY_4, {"ė", "Ė", "4", "$"}},
    {KEY_5, {"į", "Į", "5", "%"}},
    {KEY_6, {"š", "Š", "6", "^"}},
    {KEY_7, {"ų", "Ų", "7", "&"}},
    {KEY_8, {"ū", "Ū", "8", "*"}},
    {KEY_9, {"„", "(", "9", "("}},
    {KEY_0, {"“", ")", "0", ")"}},
    {KEY_MINUS, {"-", "_", "–", "¿"}},
    {KEY_EQUAL, {"ž", "Ž", "=", "+"}},
    {KEY_Q, {"q", "Q", "@", "Ω"}},
    {KEY_W, {"w", "W", "ſ", "§"}},
    {KEY_E, {"e", "E", "€", "£"}},
    {KEY_R, {"r", "R", "¶", "®"}},
    {KEY_T, {"t", "T", "ŧ", "Ŧ"}},
    {KEY_Y, {"y", "Y", "←", "¥"}},
    {KEY_U, {"u", "U", "↓", "↑"}},
    {KEY_I, {"i", "I", "→", "ı"}},
    {KEY_O, {"o", "O", "ø", "Ø"}},
    {KEY_P, {"p", "P", "þ", "Þ"}},
    {KEY_LEFTBRACE, {"[", "{"}},
    {KEY_RIGHTBRACE, {"]", "}"}},
    {KEY_A, {"a", "A", "æ", "Æ"}},
    {KEY_S, {"s", "S", "ß", "ẞ"}},
    {KEY_D, {"d", "D", "ð", "Ð"}},
    {KEY_F, {"f", "F", "đ", "ª"}},
    {KEY_G, {"g", "G", "ŋ", "Ŋ"}},
    {KEY_H, {"h", "H", "ħ", "Ħ"}},
    {KEY_J, {"j", "J"}},
    {KEY_K, {"k", "K", "ĸ", "&"}},
    {KEY_L, {"l", "L", "ł", "Ł"}},
    {KEY_SEMICOLON, {";", ":"}},
    {KEY_APOSTROPHE, {"'", "\""}},
    {KEY_BACKSLASH, {"\\", "|"}},
    {KEY_Z, {"z", "Z", "«", "<"}},
    {KEY_X, {"x", "X", "»", ">"}},
    {KEY_C, {"c", "C", "¢", "©"}},
    {KEY_V, {"v", "V", "„", "‚"}},
    {KEY_B, {"b", "B", "“", "‘"}},
    {KEY_N, {"n", "N", "”", "’"}},
    {KEY_M, {"m", "M", "µ", "º"}},
    {KEY_COMMA, {",", "<", "•", "×"}},
    {KEY_DOT, {".", ">", "·", "÷"}},
    {KEY_SLASH, {"/", "?"}},
    {KEY_102ND, {"–", "€", "|", "¦"}},
    {KEY_SPACE, {" ", " ", " ", " "}},
};

// xkb "ua" (its default, "unicode" = winkeys over legacy): Cyrillic letters; digits plain, and
// the Windows punctuation on Shift (":" is Shift+6, "?" Shift+7, "." the key right of "ю").
// A letter xkb gives only two levels types the same with AltGr (its key type ignores it).
constexpr Row kUk[] = {
    {KEY_GRAVE, {"'", "ʼ", "\u0301", "~"}},
    {KEY_1, {"1", "!", "¹"}},
    {KEY_2, {"2", "\"", "²", "’"}},
    {KEY_3, {"3", "№", "§", "₴"}},
    {KEY_4, {"4", ";", "$", "€"}},
    {KEY_5, {"5", "%", "°"}},
    {KEY_6, {"6", ":", "<"}},
    {KEY_7, {"7", "?", ">"}},
    {KEY_8, {"8", "*", "•"}},
    {KEY_9, {"9", "(", "[", "{"}},
    {KEY_0, {"0", ")", "]", "}"}},
    {KEY_MINUS, {"-", "_", "—", "–"}},
    {KEY_EQUAL, {"=", "+", "≠", "±"}},
    {KEY_Q, {"й", "Й", "ј", "Ј"}},
    {KEY_W, {"ц", "Ц", "џ", "Џ"}},
    {KEY_E, {"у", "У", "ў", "Ў"}},
    {KEY_R, {"к", "К", "®"}},
    {KEY_T, {"е", "Е", "ё", "Ё"}},
    {KEY_Y, {"н", "Н", "њ", "Њ"}},
    {KEY_U, {"г", "Г", "г", "Г"}},
    {KEY_I, {"ш", "Ш", "ш", "Ш"}},
    {KEY_O, {"щ", "Щ", "щ", "Щ"}},
    {KEY_P, {"з", "З", "з", "З"}},
    {KEY_LEFTBRACE, {"х", "Х", "х", "Х"}},
    {KEY_RIGHTBRACE, {"ї", "Ї", "ъ", "Ъ"}},
    {KEY_BACKSLASH, {"ґ", "Ґ", "\\", "|"}},
    {KEY_A, {"ф", "Ф", "ф", "Ф"}},
    {KEY_S, {"і", "І", "ы", "Ы"}},
    {KEY_D, {"в", "В", "в", "В"}},
    {KEY_F, {"а", "А", "а", "А"}},
    {KEY_G, {"п", "П", "п", "П"}},
    {KEY_H, {"р", "Р", "р", "Р"}},
    {KEY_J, {"о", "О", "о", "О"}},
    {KEY_K, {"л", "Л", "љ", "Љ"}},
    {KEY_L, {"д", "Д", "ђ", "Ђ"}},
    {KEY_SEMICOLON, {"ж", "Ж", "ж", "Ж"}},
    {KEY_APOSTROPHE, {"є", "Є", "э", "Э"}},
    {KEY_Z, {"я", "Я", "я", "Я"}},
    {KEY_X, {"ч", "Ч", "ћ", "Ћ"}},
    {KEY_C, {"с", "С", "©"}},
    {KEY_V, {"м", "М", "м", "М"}},
    {KEY_B, {"и", "И", "и", "И"}},
    {KEY_N, {"т", "Т", "™"}},
    {KEY_M, {"ь", "Ь", "ь", "Ь"}},
    {KEY_COMMA, {"б", "Б", "«", "„"}},
    {KEY_DOT, {"ю", "Ю", "»", "“"}},
    {KEY_SLASH, {".", ",", "/", "…"}},
    {KEY_102ND, {"/", "|", "|", "¦"}},
    {KEY_SPACE, {" ", " ", " ", " "}},
};

// The number pad, the same on every layout (NumLock on).
constexpr Row kKeypad[] = {
    {KEY_KP0, {"0"}},        {KEY_KP1, {"1"}},        {KEY_KP2, {"2"}},     {KEY_KP3, {"3"}},
    {KEY_KP4, {"4"}},        {KEY_KP5, {"5"}},        {KEY_KP6, {"6"}},     {KEY_KP7, {"7"}},
    {KEY_KP8, {"8"}},        {KEY_KP9, {"9"}},        {KEY_KPDOT, {"."}},   {KEY_KPSLASH, {"/"}},
    {KEY_KPASTERISK, {"*"}}, {KEY_KPMINUS, {"-"}},    {KEY_KPPLUS, {"+"}},
};

std::span<const Row> table(KeyLayout layout) {
  switch (layout) {
  case KeyLayout::us: return kUs;
  case KeyLayout::lv: return kLv;
  case KeyLayout::lt: return kLt;
  case KeyLayout::uk: return kUk;
  }
  return kUs;
}

const char* at(const Row& r, int level) {
  const char* c = r.level[static_cast<std::size_t>(level)];
  return c && *c ? c : nullptr;
}

} // namespace

std::string_view toString(KeyLayout layout) {
  switch (layout) {
  case KeyLayout::us: return "us";
  case KeyLayout::lv: return "lv";
  case KeyLayout::lt: return "lt";
  case KeyLayout::uk: return "uk";
  }
  return "us";
}

std::optional<KeyLayout> keyLayoutFromString(std::string_view name) {
  for (auto l : {KeyLayout::us, KeyLayout::lv, KeyLayout::lt, KeyLayout::uk})
    if (name == toString(l)) return l;
  return std::nullopt;
}

bool hasAltGr(KeyLayout layout) { return layout != KeyLayout::us; }

std::string_view keyChar(KeyLayout layout, std::uint16_t code, bool shift, bool altGr) {
  const int level = (shift ? 1 : 0) + (altGr ? 2 : 0);
  for (const auto& r : table(layout))
    if (r.code == code) return at(r, level) ? at(r, level) : "";
  for (const auto& r : kKeypad)  // NumLock on: Shift and AltGr do not change the pad's digits
    if (r.code == code) return at(r, 0);
  return "";
}

std::optional<KeyStroke> keyFor(KeyLayout layout, std::string_view character) {
  for (int level = 0; level < 4; ++level)
    for (const auto& r : table(layout))
      if (at(r, level) && character == at(r, level)) return KeyStroke{r.code, (level & 1) != 0, (level & 2) != 0};
  for (const auto& r : kKeypad)
    if (character == at(r, 0)) return KeyStroke{r.code, false, false};
  return std::nullopt;
}

std::vector<std::string> codePoints(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + n > text.size()) n = 1;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) n = 1;
    out.emplace_back(text.substr(i, n));
    i += n;
  }
  return out;
}

} // namespace lasis::drivers
