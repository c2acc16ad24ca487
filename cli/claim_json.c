/* claim_json: see claim_json.h. */
#include "claim_json.h"

#include <math.h>

json_t *kg_value_to_json(const kg_value *v) {
    json_t *o = json_object();
    json_object_set_new(o, "low", v->has_low ? json_real(v->low) : json_null());
    json_object_set_new(o, "high", v->has_high ? json_real(v->high) : json_null());
    json_object_set_new(o, "unit", json_string(v->unit));
    json_object_set_new(o, "approx", json_boolean(v->approx));
    /* whole numbers print as integers */
    if (v->has_low && v->low == floor(v->low) && fabs(v->low) < 9e15)
        json_object_set_new(o, "low", json_integer((json_int_t)v->low));
    if (v->has_high && v->high == floor(v->high) && fabs(v->high) < 9e15)
        json_object_set_new(o, "high", json_integer((json_int_t)v->high));
    return o;
}

static json_t *arg_to_json(const kg_claim_arg *arg) {
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(arg->id ? arg->id : ""));
    json_object_set_new(o, "name", json_string(arg->name ? arg->name : ""));
    json_object_set_new(o, "type", json_string(arg->type ? arg->type : ""));
    json_object_set_new(o, "surface", json_string(arg->surface ? arg->surface : ""));
    if (arg->has_value) json_object_set_new(o, "value", kg_value_to_json(&arg->value));
    return o;
}

json_t *kg_claim_to_json(kg_article *a, const kg_claim *c) {
    const kg_sentence *s = &a->sentences[c->sentence];
    json_t *o = json_object();
    json_object_set_new(o, "article", json_string(a->doc->path));
    json_object_set_new(o, "sentence", json_integer((json_int_t)c->sentence));
    json_object_set_new(o, "span", json_pack("[II]", (json_int_t)s->raw_start, (json_int_t)s->raw_end));
    json_object_set_new(o, "subject", arg_to_json(&c->subject));
    json_object_set_new(o, "relation", json_string(c->relation));
    json_object_set_new(o, "object", arg_to_json(&c->object));
    char pol[2] = {c->polarity, '\0'};
    json_object_set_new(o, "polarity", json_string(pol));
    json_object_set_new(o, "modality", json_string(c->modality));
    if (c->source) {
        json_t *src = json_object();
        json_object_set_new(src, "name", json_string(c->source));
        if (c->source_id) json_object_set_new(src, "id", json_string(c->source_id));
        json_object_set_new(o, "source", src);
    } else {
        json_object_set_new(o, "source", json_null());
    }
    json_object_set_new(o, "time", c->time ? json_string(c->time) : json_null());
    json_t *q = json_object();
    if (c->has_amount) {
        json_t *amount = kg_value_to_json(&c->amount);
        if (c->amount_name) json_object_set_new(amount, "name", json_string(c->amount_name));
        json_object_set_new(q, "amount", amount);
    }
    json_object_set_new(o, "qualifiers", q);
    json_object_set_new(o, "confidence", json_real(c->confidence));
    json_object_set_new(o, "rule", json_string(c->rule));
    json_object_set_new(o, "evidence", json_stringn(a->doc->raw + s->raw_start, s->raw_end - s->raw_start));
    if (a->doc->title) json_object_set_new(o, "title", json_string(a->doc->title));
    if (a->doc->outlet) json_object_set_new(o, "outlet", json_string(a->doc->outlet));
    if (a->doc->url) json_object_set_new(o, "url", json_string(a->doc->url));
    if (a->doc->lang) json_object_set_new(o, "lang", json_string(a->doc->lang));
    if (a->doc->published) json_object_set_new(o, "published", json_string(a->doc->published));
    return o;
}
