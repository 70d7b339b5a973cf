// Starts GraphiQL against this server's /graphql. The URL fragment may carry the initial query
// and headers (#query=…&headers=…) and a demo role (#role=LA_STAFF&headers=…), which opens one
// tab per example query for that role (examples.json). The fragment never reaches the server.
// Nothing is kept in the browser's storage — tabs, history and headers live as long as the
// page — so a token is never left behind in it, and each role's link opens with its own tabs.
(function () {
  var params = new URLSearchParams(location.hash.slice(1));
  var fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
  var headers = params.get('headers') || '{\n  "Authorization": "Bearer <paste a token here>"\n}';
  var role = params.get('role');

  function memoryStorage() {
    var items = {};
    return {
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null; },
      setItem: function (key, value) { items[key] = String(value); },
      removeItem: function (key) { delete items[key]; },
      clear: function () { items = {}; },
      get length() { return Object.keys(items).length; },
    };
  }

  function render(examples) {
    var props = {
      fetcher: fetcher,
      defaultQuery: params.get('query') || '{ me { sub role authority { code name } } }\n',
      defaultHeaders: headers,
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
      storage: memoryStorage(),
    };
    if (examples && examples.length) {
      props.defaultTabs = examples.map(function (query) { return { query: query, headers: headers }; });
    }
    ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
  }

  if (!role) return render(null);
  fetch('/graphiql/examples.json')
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (all) { render(all[role] || null); })
    .catch(function () { render(null); });
})();
