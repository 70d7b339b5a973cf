// Starts GraphiQL against this server's /graphql. The initial query and headers may come in the
// URL fragment (#query=…&headers=…), which never reaches the server.
(function () {
  var params = new URLSearchParams(location.hash.slice(1));
  var fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: params.get('query') || '{ me { sub role authority { code name } } }\n',
      defaultHeaders:
        params.get('headers') || '{\n  "Authorization": "Bearer <paste a token here>"\n}',
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
    })
  );
})();
