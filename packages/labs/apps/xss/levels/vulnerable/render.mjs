// 掲示板の表示処理 / How the message board turns data into HTML.
// The server calls these functions and puts what they return into its pages. Keep the class names (author, body):
// the board's style sheet uses them.
//   searchBox(q)              → the search field, showing what was searched for
//   searchHeading(q, lang)    → the heading above the search results ('ja' or 'en')
//   postItem(post)            → one post in the list on the board and in the search results
//   postDetail(post)          → one post on its own page
// A post is { id, name, body, date, url }: name and body are what someone typed into the post form; date and url
// are made by the server.

export function searchBox(q) {
  return `<input type="search" id="q" name="q" value="${q}" maxlength="200">`;
}

export function searchHeading(q, lang) {
  return lang === 'en' ? `<h2>Results for “${q}”</h2>` : `<h2>「${q}」の検索結果</h2>`;
}

export function postItem(post) {
  return `<p class="meta"><span class="author">${post.name}</span> · <a href="${post.url}"><time>${post.date}</time></a></p>
<p class="body">${post.body}</p>`;
}

export function postDetail(post) {
  return `<article>
<h2 class="author">${post.name}</h2>
<p class="meta"><time>${post.date}</time></p>
<p class="body">${post.body}</p>
</article>`;
}
