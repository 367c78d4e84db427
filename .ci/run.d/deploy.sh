# deploy-tests: promtool (promtool check config/rules, promtool test rules) and prometheus (PrometheusQueriesIT)
# come from Debian's prometheus package.
apt-get install -y -qq prometheus
